#!/usr/bin/env bash
# Bring the whole tree to the ruff config in pyproject.toml, once, after every branch of
# version 2 is merged (run by the lead; a tree-wide reformat earlier would have made every
# merge conflict). Then `make lint` passes, or names what is left to fix by hand.
#
#     tools/lint_fix.sh          # fix, format, then check
set -euo pipefail
cd "$(dirname "$0")/.."
ruff="${RUFF:-$(command -v .venv/bin/ruff || command -v ruff)}"
"$ruff" --version

# Safe automatic fixes only (import order, pyupgrade's rewrites...), then the formatter.
"$ruff" check --fix --exit-zero --quiet . >/dev/null
"$ruff" format .

echo "Left to fix by hand (if anything):"
"$ruff" check .
"$ruff" format --check .
echo "Clean: commit it on its own, e.g. git commit -am 'ruff: format and lint the whole tree'"
