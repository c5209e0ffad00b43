"""Throwaway services for one drill: a PostgreSQL cluster, a Redis server, gunicorn and
Celery workers, each on a free loopback port and stopped (with their temp dirs
removed) when the drill's ExitStack closes, whatever happened.
"""

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from urllib.request import urlopen

from config.vapid import generate_pair

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, seconds: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f"gave up after {seconds:.0f} s waiting for {what}")


def eventually(predicate, seconds: float, interval: float = 0.2) -> bool:
    """Poll until predicate() holds or time runs out; whether it held (the drill then counts)."""
    try:
        wait_until(predicate, seconds, "", interval)
        return True
    except TimeoutError:
        return False


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        return True
    except OSError:
        return False


def _stop(process: subprocess.Popen, seconds: float = 10, group: bool = False) -> None:
    if process.poll() is not None:
        return
    send = (lambda sig: os.killpg(process.pid, sig)) if group else process.send_signal
    try:
        send(signal.SIGTERM)
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        send(signal.SIGKILL)
        process.wait(timeout=5)
    except ProcessLookupError:
        pass


def temp_dir(stack: ExitStack, prefix: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix=f"neckline-drill-{prefix}-"))
    if os.environ.get("DRILLS_KEEP"):  # to read the logs afterwards
        stack.callback(print, f"kept {path}")
    else:
        stack.callback(shutil.rmtree, path, ignore_errors=True)
    return path


class Redis:
    """A redis-server with nothing on disk, as after a crash: stop() loses every queued task."""

    def __init__(self, stack: ExitStack, workdir: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log = workdir / "redis.log"
        self.process = None
        stack.callback(self.stop)
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--logfile",
                str(self.log),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(lambda: listening(self.port), 10, "redis-server")

    def stop(self) -> None:
        if self.process is not None:
            _stop(self.process)


class Postgres:
    """A cluster of its own: initdb into a temp dir, pg_ctl on a free port. As root,
    the server runs as the `postgres` OS user, which owns the temp dir."""

    def __init__(self, stack: ExitStack, workdir: Path):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        bindir = Path(found[-1]).parent if found else Path(shutil.which("pg_ctl") or "pg_ctl").parent
        self.pg_ctl, self.port = str(bindir / "pg_ctl"), free_port()
        self.data = workdir / "pgdata"
        self.data.mkdir()
        self.as_user = []
        if os.geteuid() == 0:
            shutil.chown(workdir, "postgres")
            shutil.chown(self.data, "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self._run(
            str(bindir / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"
        )
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"
        self.log = workdir / "postgres.log"
        stack.callback(self.stop)
        self.start()

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
        )
        self._run(self.pg_ctl, "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", "start")

    def _run(self, *command: str) -> None:
        subprocess.run([*self.as_user, *command], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def restart(self) -> None:
        """Fast shutdown (every session is cut), then start again; returns once it accepts connections."""
        self._run(self.pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "restart")

    def stop(self, mode: str = "immediate") -> None:
        subprocess.run(
            [*self.as_user, self.pg_ctl, "-D", str(self.data), "-m", mode, "-w", "stop"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


def app_env(*, database_url: str, redis_url: str, var_dir: Path, vapid: tuple[str, str], **extra: str) -> dict:
    """The environment of a production-like process of the app on these services."""
    public, private = vapid
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "NECKLINE_VAR_DIR": str(var_dir),
        "CELERY_QUEUE": f"drill-{uuid.uuid4().hex[:8]}",
        "DEBUG": "false",
        "SECRET_KEY": "drill-" + uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "VAPID_PUBLIC_KEY": public,
        "VAPID_PRIVATE_KEY": private,
        "VAPID_SUBJECT": "mailto:drills@example.test",
        "PUSH_ALLOW_LOCAL_ENDPOINTS": "true",
        # Many writes a second from one address: lift the abuse limits.
        "THROTTLE_WRITES_PER_USER": "1000000/min",
        "THROTTLE_WRITES_PER_ADDRESS": "1000000/min",
        "THROTTLE_LOGIN_PER_ADDRESS": "1000000/min",
        **extra,
    }


@dataclass
class Backing:
    work: Path
    postgres: Postgres
    redis: Redis
    vapid: tuple[str, str]
    env: dict


def backing_services(stack: ExitStack, name: str, **settings: str) -> Backing:
    """A temp dir, PostgreSQL and Redis of the drill's own, and the app's environment
    on them (plus these settings); Django is set up in the drill process itself (to
    seed and count) and the database migrated."""
    work = temp_dir(stack, name)
    postgres, redis, vapid = Postgres(stack, work), Redis(stack, work), generate_pair()
    env = app_env(database_url=postgres.url, redis_url=redis.url, var_dir=work / "var", vapid=vapid, **settings)
    os.environ.update(env)
    import django  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415

    django.setup()
    call_command("migrate", verbosity=0)
    return Backing(work, postgres, redis, vapid, env)


class Gunicorn:
    def __init__(self, stack: ExitStack, backing: Backing, workers: int = 3):
        env, workdir = backing.env, backing.work
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = workdir / "gunicorn.log"
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
            cwd=ROOT,
            env={**env, "HOST": "127.0.0.1", "PORT": str(self.port), "WEB_CONCURRENCY": str(workers)},
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )
        stack.callback(_stop, self.process, 20)
        wait_until(self._healthy, 60, "gunicorn")

    def _healthy(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited; see {self.log}")
        try:
            return urlopen(f"{self.base}/api/v1/health/", timeout=2).status == 200
        except OSError:
            return False


class CeleryWorker:
    """A worker in a process group of its own, so kill() takes its pool processes too."""

    def __init__(self, stack: ExitStack, backing: Backing, concurrency: int = 2, name: str = "worker"):
        env, workdir = backing.env, backing.work
        self.name = f"{name}-{uuid.uuid4().hex[:6]}@drill"
        self.log = workdir / f"{name}.log"
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-Q",
                env["CELERY_QUEUE"],
                "-n",
                self.name,
                "--concurrency",
                str(concurrency),
                "--pool",
                "prefork",
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "INFO",
            ],
            cwd=ROOT,
            env={**env, "DATABASE_CONN_MAX_AGE": "0"},
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        stack.callback(_stop, self.process, 20, True)

    def wait_ready(self, app) -> None:
        def ready():
            if self.process.poll() is not None:
                raise RuntimeError(f"the Celery worker exited; see {self.log}")
            try:
                return app.control.ping(destination=[self.name], timeout=0.5)
            except Exception:  # noqa: BLE001 - a stale broker connection, or none yet: ask again
                return False

        wait_until(ready, 60, "the Celery worker")

    def kill(self) -> None:
        """SIGKILL the whole worker at once, as the kernel's OOM killer or a lost machine would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
