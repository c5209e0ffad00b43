"""Benchmark: the CPU one sender process spends per push (issue 27), nothing else.

    .venv/bin/python bench/push_cpu.py [--pushes 10000] [--latency 0.05] [--push-concurrency 50] [--runs 3]

One process sends --pushes messages with diary/reminders/webpush.py as the workers do
(send_pool(), --push-concurrency in flight, each message encrypted with a fresh key
pair and salt, one VAPID token per push service) to a local push endpoint in this
process (tests/push_endpoint.py, answering after --latency seconds, not decrypting).
No database, no Celery: the figure is what the sending itself costs, start-up and
a 200-push warm-up excluded, measured with getrusage in the sending process.

To compare two versions of webpush.py, run this from each checkout back to back
(PYTHONPATH=<checkout>) on a machine as quiet as you can find; the figures of a
shared machine move by 10-20 % from run to run, so take the median of --runs.

Last measured (December 2026, the shared 2-core machine at load 7-11, 10,000 pushes, 50
in flight, 50 ms endpoint, two rounds of 3 runs each, alternating): encrypted by our own
RFC 8291 code, medians 0.96 and 0.96 ms CPU per push; encrypted by http_ece (as shipped),
1.06 and 1.00 ms. The encryption alone (one thread, process_time): 0.10-0.15 and
0.13-0.18 ms. docs/deploy.md ("Reminders are bound by CPU per push") sizes workers by it.
"""

import argparse
import multiprocessing
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.reminders_dispatch import _floor_push as _push  # noqa: E402 - the floor's push, the same message sent the same way

WARM_UP = 200
_SUBSCRIPTIONS: list = []


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _sender(_) -> tuple[int, float, float]:
    """In the forked sending process: pushes accepted, CPU seconds, wall seconds."""
    from diary.reminders import webpush  # noqa: PLC0415

    pool = webpush.send_pool()
    sum(pool.map(_push, _SUBSCRIPTIONS[:WARM_UP]))
    cpu, started = _cpu(), time.perf_counter()
    sent = sum(pool.map(_push, _SUBSCRIPTIONS[WARM_UP:]))
    return sent, _cpu() - cpu, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pushes", type=int, default=10_000)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds the push endpoint takes to answer")
    parser.add_argument("--push-concurrency", type=int, default=50, help="pushes in flight in the sending process")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ["PUSH_CONCURRENCY"] = str(args.push_concurrency)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    import django  # noqa: PLC0415

    django.setup()
    from django.conf import settings  # noqa: PLC0415

    from tests import push_endpoint as local_push  # noqa: PLC0415

    endpoint, server = local_push.start(settings.VAPID_PUBLIC_KEY, decrypt=False, delay=args.latency)
    subscriptions = [endpoint.subscribe() for _ in range(WARM_UP + args.pushes)]
    _SUBSCRIPTIONS[:] = [(s.endpoint, s.p256dh, s.auth, n) for n, s in enumerate(subscriptions)]
    figures = []
    for run in range(args.runs):
        with multiprocessing.get_context("fork").Pool(1) as pool:  # a fresh process: its own pool and tokens
            sent, cpu, seconds = pool.map(_sender, [run])[0]
        if sent != args.pushes:
            raise SystemExit(f"only {sent} of {args.pushes} pushes were accepted")
        figures.append(cpu / sent * 1000)
        print(f"run {run + 1}: {sent} pushes in {seconds:.1f} s, {figures[-1]:.3f} ms CPU per push", flush=True)
    server.shutdown()
    print(f"median {statistics.median(figures):.3f} ms CPU per push in the sending process ({args.runs} runs)")


if __name__ == "__main__":
    main()
