"""What `make run` prepares before serving (tools/serve.sh), in one Python process, since
each Django start-up costs seconds: migrate, collect the static files when DEBUG is off
(a local run serves them from their folders), and load the demo."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.conf import settings  # noqa: E402 - after django.setup()
from django.core.management import call_command  # noqa: E402

call_command("migrate", interactive=False, verbosity=0)
if not settings.DEBUG:
    call_command("collectstatic", interactive=False, verbosity=0)
call_command("load_demo")
