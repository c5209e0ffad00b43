"""A worker that loses its Redis broker reconnects when Redis returns.

Celery 5.7.0's own consumer exited instead ("Unrecoverable error") when it held a
task it had not acknowledged yet; config.celery.Consumer survives it.
"""

import os
import subprocess
import sys

from celery import Celery

from tests.workers import ROOT, wait_for
from tools.with_redis import free_port, redis_server_binary, wait_until_listening

WORKER = "broker-loss@test"


def start_redis(port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [redis_server_binary(), "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    wait_until_listening(port, process)
    return process


def answers_ping(client: Celery) -> bool:
    try:
        return bool(client.control.ping(destination=[WORKER], timeout=0.5))
    except Exception:  # noqa: BLE001 - the client's connection to the old Redis is stale at first
        return False


def test_a_worker_holding_a_task_reconnects_after_redis_restarts(tmp_path):
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    redis = start_redis(port)
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-Q",
            "broker-loss",
            "-n",
            WORKER,
            "--concurrency",
            "1",
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "INFO",
        ],
        cwd=ROOT,
        env={**os.environ, "REDIS_URL": url, "NECKLINE_VAR_DIR": str(tmp_path)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    client = Celery(broker=url, set_as_current=False)
    try:
        wait_for(lambda: answers_ping(client), seconds=60)
        # A task with a countdown waits in the worker, unacknowledged, as on-save screening does.
        client.send_task("neckline.ping", queue="broker-loss", countdown=600)
        wait_for(lambda: "received" in (tmp_path / "worker.log").read_text())
        redis.terminate()
        redis.wait(timeout=10)
        wait_for(lambda: "Cannot connect" in (tmp_path / "worker.log").read_text() or worker.poll() is not None)
        redis = start_redis(port)

        assert worker.poll() is None, (tmp_path / "worker.log").read_text()[-2000:]
        wait_for(lambda: answers_ping(client), seconds=30)
    finally:
        client.close()
        worker.terminate()
        worker.wait(timeout=20)
        redis.terminate()
        redis.wait(timeout=10)
        log.close()
