"""gunicorn settings for every deployment (`gunicorn -c config/gunicorn.py config.wsgi`)."""

import logging
import os
import re

from gunicorn.glogging import Logger

# All interfaces by default: in a container, the port is published from outside.
bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"  # noqa: S104
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("WEB_THREADS", "2"))
worker_class = "gthread"
timeout = 30
graceful_timeout = 20
# Recycle workers now and then so no leak can grow for ever.
max_requests = 2000
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# No control socket: nothing uses it, it needs a writable home, and two gunicorns on one
# host would share $HOME/.gunicorn/gunicorn.ctl.
control_socket_disable = True
# Workers' heartbeat files in memory where there is /dev/shm (a container's disk may be slow).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - gunicorn's own files


class _WithoutQueryStrings(logging.Filter):
    """gunicorn's own messages may quote a request's URI ("Error handling request /x?y"):
    a query can carry a push endpoint or dates, so it is cut off."""

    QUERY = re.compile(r"\?[^\s\"']*")

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = self.QUERY.sub("", record.getMessage()), None
        return True


class JsonLogger(Logger):
    """gunicorn's error and access logs as JSON lines on stderr, in the app's shape
    (config/logging.py). An access line names the path without its query string."""

    def setup(self, cfg):
        super().setup(cfg)
        handler = logging.StreamHandler()  # stderr, like the app's logs
        # Imported here: the project is on sys.path once gunicorn runs, not when it reads this file.
        from config.logging import JsonFormatter

        handler.setFormatter(JsonFormatter())
        handler.addFilter(_WithoutQueryStrings())
        for log in (self.error_log, self.access_log):
            for old in list(log.handlers):
                log.removeHandler(old)
            log.addHandler(handler)
            log.propagate = False

    def access(self, resp, req, environ, request_time):
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        method, path = environ.get("REQUEST_METHOD"), environ.get("PATH_INFO")
        duration_ms = request_time.seconds * 1000 + request_time.microseconds // 1000
        self.access_log.info(
            "%s %s %s",
            method,
            path,
            status,
            extra={
                "method": method,
                "path": path,
                "status_code": int(status),
                "bytes": getattr(resp, "sent", None),
                "duration_ms": duration_ms,
                "remote_addr": environ.get("REMOTE_ADDR"),
            },
        )


logger_class = JsonLogger
accesslog = "-"
