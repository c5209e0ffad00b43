"""gunicorn settings for every deployment (`gunicorn -c config/gunicorn.py config.wsgi`)."""

import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("WEB_THREADS", "2"))
worker_class = "gthread"
timeout = 30
graceful_timeout = 20
# Recycle workers now and then so no leak can grow for ever.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
# The path without its query string: a query can carry a push endpoint or dates.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Escapes control characters a client put in the path ("%0A" would forge a line).
logger_class = "config.access_log.Logger"
