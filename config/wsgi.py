import os

from django.core.wsgi import get_wsgi_application

from config.startup import freeze_startup_heap

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()  # loads the middleware
freeze_startup_heap()
