import os

from celery import Celery
from celery.signals import setup_logging, worker_process_init
from celery.worker.consumer import Consumer as CeleryConsumer

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("neckline")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


class Consumer(CeleryConsumer):
    """Celery's consumer, made to survive the loss of its Redis broker.

    On a lost connection, Celery 5.7.0 first collects the connection (which tears
    down its transport) and then closes it. Holding unacknowledged messages (a
    task with a countdown, a prefetched one), the Redis channel's close then tries
    to restore them through the torn-down transport, raises AttributeError, and
    the whole worker exits instead of reconnecting (found by `make drills`). The
    messages cannot be restored while Redis is away anyway (Celery 5.6 did not
    try): that close may fail quietly, and the worker reconnects when Redis returns.
    """

    def on_connection_error_after_connected(self, exc):
        connection = self.connection
        if connection is not None:
            close = connection.close

            def close_after_collect():
                try:
                    close()
                except AttributeError:
                    pass

            connection.close = close_after_collect
        super().on_connection_error_after_connected(exc)


app.conf.worker_consumer = "config.celery:Consumer"


@setup_logging.connect
def use_django_logging(**kwargs):
    """Workers and beat log through Django's LOGGING (JSON, no health data)
    instead of Celery's own format."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)


@worker_process_init.connect
def freeze_worker_heap(**kwargs):
    """A worker child keeps the app loaded for its whole life: out of the garbage
    collector's sight, as in the web process (config/startup.py), without the views."""
    from config.startup import freeze_startup_heap

    freeze_startup_heap(load_views=False)
