from tests.hardening import fuzz_counts


def pytest_terminal_summary(terminalreporter):
    lines = fuzz_counts.summary()
    if lines:
        terminalreporter.section("schemathesis counts")
        for line in lines:
            terminalreporter.write_line(line)
