"""gunicorn's logger with the access-log fields a client controls escaped: a path
with "%0A" arrives decoded in PATH_INFO and would otherwise start a forged line."""

from gunicorn.glogging import Logger as GunicornLogger

ESCAPES = {ord(char): f"\\x{ord(char):02x}" for char in map(chr, [*range(32), 127])}
ESCAPES.update({ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t", ord('"'): '\\"', ord("\\"): "\\\\"})


class Logger(GunicornLogger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {name: value.translate(ESCAPES) if isinstance(value, str) else value for name, value in atoms.items()}
