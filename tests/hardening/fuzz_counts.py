"""What the schemathesis run did, printed at the end of the test session (issue 24: the
closing note quotes these counts): operations and cases per caller, stateful steps, and
answers by status class. A 5xx fails its test as well; it is counted so the summary says it."""

from collections import Counter

COUNTS: Counter = Counter()
OPERATIONS: dict[str, set] = {}


def count(caller: str, phase: str, operation: str, status: int) -> None:
    COUNTS[f"{caller} {phase} cases"] += 1
    COUNTS[f"{caller} {phase} {status // 100}xx"] += 1
    OPERATIONS.setdefault(f"{caller} {phase}", set()).add(operation)


def summary() -> list[str]:
    lines = []
    for run in sorted(OPERATIONS):
        classes = ", ".join(f"{cls}xx {COUNTS[f'{run} {cls}xx']}" for cls in range(1, 6) if COUNTS[f"{run} {cls}xx"])
        lines.append(
            f"{run}: {len(OPERATIONS[run])} operations, {COUNTS[f'{run} cases']} cases, "
            f"server errors {COUNTS[f'{run} 5xx']} ({classes})"
        )
    return lines
