"""Structured (JSON lines) logging that cannot carry health data.

A record is reduced to a fixed set of fields: time, level, logger, the message,
and a few request facts. Extras such as the `request` Django attaches are
dropped, and an exception is logged by type and stack frames only: its message
can quote the data being saved (PostgreSQL's "Failing row contains (...)" does),
so it never reaches the log.
"""

import json
import logging
import traceback

# Extras that describe a request without saying anything about a patient.
SAFE_EXTRAS = ("status_code", "method", "path", "bytes", "remote_addr", "task_id", "task_name", "duration_ms")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": _without_exception_text(record),
        }
        for name in SAFE_EXTRAS:
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if record.exc_info and record.exc_info[0] is not None:
            exc_type, _, tb = record.exc_info
            entry["exception"] = f"{exc_type.__module__}.{exc_type.__qualname__}"
            entry["stack"] = [f"{f.filename}:{f.lineno} in {f.name}" for f in traceback.extract_tb(tb)]
        return json.dumps(entry, default=str)


class WarningWithoutStack(logging.Filter):
    """Turns the records of a logger into warnings without a stack: for events that are
    expected and explained by their message (Django logs a disallowed host as an error)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info = record.exc_text = record.stack_info = None
        return True


def _without_exception_text(record: logging.LogRecord) -> str:
    # Celery's "Task ... raised unexpected: <exception>" puts the exception's text
    # in the message itself; cut it out wherever it appears.
    message = record.getMessage()
    if record.exc_info and record.exc_info[1] is not None:
        exception = record.exc_info[1]
        for text in {repr(exception), str(exception)}:
            if text:
                message = message.replace(text, f"<{type(exception).__name__}>")
    return message
