"""Email for a local run: each message a file in var/mail/, and its path in the log
(the path only: a message may carry a reset link, and its text stays out of the log)."""

import logging

from django.core.mail.backends.filebased import EmailBackend

log = logging.getLogger(__name__)


class FileBackendThatLogs(EmailBackend):
    def write_message(self, message):
        super().write_message(message)
        log.info("email written to %s (open it to follow its link)", self._fname)
