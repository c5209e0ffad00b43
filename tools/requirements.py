"""Print the project's pinned requirements from pyproject.toml: its dependencies, then
those of each extra named.

    python tools/requirements.py run      # what `make run` installs
    python tools/requirements.py dev run  # what `make test` installs

`make` installs them with constraints.txt and runs the code from the checkout (on
PYTHONPATH), as the Dockerfile does: nothing to build, so nothing to fetch but the pins.
"""

import sys
import tomllib
from pathlib import Path

project = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text())["project"]
extras = [requirement for extra in sys.argv[1:] for requirement in project["optional-dependencies"][extra]]
print(*project["dependencies"], *extras, sep="\n")
