"""Every benchmark, run small: `python -m bench` (`make bench-smoke`, run by .ci/run).

A benchmark must start as shipped: this runs each one end to end with the least
work that still goes through every step (its database, its server, its floor)
and fails if any of them fails. It measures nothing: the figures come from full
runs on a quiet machine (each script's docstring says how).
"""

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SMALL_RUNS = {
    "clinician_summary.py": ["--requests", "20"],
    "entries_list.py": ["--entries", "60", "--repeat", "1"],
    "erasure_sessions.py": ["--sizes", "2000", "--runs", "1"],
    "entries_put.py": ["--seconds", "1", "--rounds", "1", "--in-process", "10"],
    "hostile_bodies.py": ["--runs", "1"],
    "imports.py": ["--days", "30"],
    "push_cpu.py": ["--pushes", "50", "--runs", "1", "--latency", "0"],
    "pwa_first_load.py": ["--runs", "1"],
    # It waits for the next whole minute at least 100 s away, as beat fires on the minute.
    "reminders_dispatch.py": ["--patients", "20", "--idle", "0", "--floor-sample", "20"],
    "screening_nightly.py": ["--patients", "20", "--small", "10", "--repeat", "1"],
    "table_size.py": ["--small", "5", "--patients", "10", "--days", "30", "--requests", "3"],
    "treatment_timeline.py": ["--requests", "20", "--runs", "1"],
}


def main() -> int:
    failed = []
    for script, arguments in SMALL_RUNS.items():
        started = time.monotonic()
        result = subprocess.run([sys.executable, str(ROOT / "bench" / script), *arguments], cwd=ROOT, check=False)
        seconds = time.monotonic() - started
        print(f"bench/{script}: {'ok' if result.returncode == 0 else 'FAILED'} ({seconds:.0f} s)", flush=True)
        if result.returncode != 0:
            failed.append(script)
    if failed:
        print(f"benchmarks that do not start as shipped: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
