"""Run the failure drills, each in a process of its own with its own services.

    python -m drills [redis_outage] [worker_kill] [postgres_restart]

Exits non-zero if any drill lost or duplicated something, saw a 500, or crashed.
"""

import signal
import subprocess
import sys
import time

from drills.services import PYTHON, ROOT

DRILLS = ["redis_outage", "worker_kill", "postgres_restart"]
# Each drill bounds itself at 120 s and cleans up; this is the backstop.
TIMEOUT_SECONDS = 150


def run_drill(name: str) -> int:
    process = subprocess.Popen([PYTHON, "-m", f"drills.{name}"], cwd=ROOT)
    try:
        return process.wait(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGTERM)  # the drill cleans up its services on SIGTERM
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        print(f"{name}: timed out after {TIMEOUT_SECONDS} s")
        return 124


def main(names: list[str]) -> int:
    unknown = set(names) - set(DRILLS)
    if unknown:
        sys.exit(f"unknown drill(s): {', '.join(sorted(unknown))}; known: {', '.join(DRILLS)}")
    results = []
    started = time.monotonic()
    for name in names or DRILLS:
        drill_started = time.monotonic()
        code = run_drill(name)
        results.append((name, code, time.monotonic() - drill_started))
    print("\nFailure drills:")
    for name, code, seconds in results:
        print(f"  {name:<18} {'passed' if code == 0 else f'FAILED (exit {code})':<18} {seconds:5.1f} s")
    print(f"  total {time.monotonic() - started:.1f} s")
    return 0 if all(code == 0 for _, code, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
