"""What the schemathesis run did, printed at the end of the test session (issue 24: the
closing note quotes these counts): the schema's operations and the cases sent per caller
(schemathesis also tries methods the schema does not list, which must answer 405), the
stateful steps, and the answers by status. A 5xx fails its test as well; it is counted so
the summary says it."""

from collections import Counter

COUNTS: Counter = Counter()
OPERATIONS: dict[str, set] = {}


def count(caller: str, phase: str, case, status: int) -> None:
    run = f"{caller} {phase}"
    COUNTS[f"{run} cases"] += 1
    COUNTS[f"{run} 5xx"] += status >= 500
    COUNTS[f"{run} status {status}"] += 1
    operation = case.operation
    OPERATIONS.setdefault(run, set()).add(f"{operation.method.upper()} {operation.path}")


def summary() -> list[str]:
    lines = []
    for run in sorted(OPERATIONS):
        statuses = ", ".join(
            f"{key.rsplit(' ', 1)[1]}: {value}"
            for key, value in sorted(COUNTS.items())
            if key.startswith(f"{run} status ")
        )
        lines.append(
            f"{run}: {len(OPERATIONS[run])} schema operations, {COUNTS[f'{run} cases']} cases, "
            f"server errors {COUNTS[f'{run} 5xx']} (by status {statuses})"
        )
    return lines
