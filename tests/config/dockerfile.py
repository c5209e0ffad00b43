"""The Dockerfile's build, without Docker: its instructions parsed, its build context
chosen by .dockerignore, and its build-time Django commands run with its own ENV.

No Docker engine runs where the tests run (and Docker Hub may be out of reach), so this
is what can be checked of the image here; `.ci/run` builds the real one where it can.
"""

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def instructions(dockerfile: Path = ROOT / "Dockerfile") -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order, continuation lines joined, comments dropped."""
    result, pending = [], ""
    for line in dockerfile.read_text().splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        logical = (pending + line).strip()
        pending = ""
        keyword, _, arguments = logical.partition(" ")
        result.append((keyword.upper(), arguments.strip()))
    return result


def environment(steps: list[tuple[str, str]]) -> dict[str, str]:
    """The variables the ENV instructions set (KEY=value form)."""
    variables = {}
    for keyword, arguments in steps:
        if keyword == "ENV":
            variables.update(item.split("=", 1) for item in shlex.split(arguments))
    return variables


def _pattern_regex(pattern: str) -> re.Pattern:
    # Docker's rules: `**` any number of directories, `*` and `?` within one name.
    pattern = os.path.normpath(pattern.lstrip("/"))
    regex = ""
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            regex += "(.*/)?"
            i += 3
        elif pattern.startswith("**", i):
            regex += ".*"
            i += 2
        elif pattern[i] == "*":
            regex += "[^/]*"
            i += 1
        elif pattern[i] == "?":
            regex += "[^/]"
            i += 1
        else:
            regex += re.escape(pattern[i])
            i += 1
    return re.compile(regex + "$")


def ignore_rules(path: Path = ROOT / ".dockerignore") -> list[tuple[bool, re.Pattern]]:
    rules = []
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            excluded = not line.startswith("!")
            rules.append((excluded, _pattern_regex(line.lstrip("!"))))
    return rules


def excluded(relative: str, rules) -> bool:
    """Whether Docker leaves this path out of the build context: the last rule matching
    the path, or one of its parent directories, decides."""
    parts = relative.split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    verdict = False
    for is_exclusion, regex in rules:
        if any(regex.match(candidate) for candidate in candidates):
            verdict = is_exclusion
    return verdict


def build_context(rules) -> list[str]:
    """Every file of the checkout that the build context would hold."""
    files = []
    for directory, subdirectories, names in os.walk(ROOT):
        base = Path(directory).relative_to(ROOT)
        for name in names:
            relative = (base / name).as_posix()
            if not excluded(relative, rules):
                files.append(relative)
        # A directory whose contents every rule leaves out is not walked (.git, node_modules).
        subdirectories[:] = [
            d
            for d in subdirectories
            if not (excluded((base / d).as_posix(), rules) and not _may_reinclude((base / d).as_posix(), rules))
        ]
    return sorted(files)


def _may_reinclude(directory: str, rules) -> bool:
    prefix = re.escape(directory + "/")
    return any(not is_exclusion and regex.pattern.startswith(prefix) for is_exclusion, regex in rules)


def build(app_dir: Path, env: dict) -> dict:
    """Do the image's build in app_dir (its WORKDIR) as far as it can be done here: copy
    the build context as COPY does, and run each RUN step that runs Python (the Django
    commands and the dependency list); installing packages and adding the user need root
    and a network, and are left to a real build. Returns what the steps printed."""
    steps = instructions()
    workdir = next(arguments for keyword, arguments in steps if keyword == "WORKDIR")
    image_env = {key: value.replace(workdir, str(app_dir)) for key, value in environment(steps).items()}
    tmp = app_dir.parent / "tmp"
    tmp.mkdir(exist_ok=True)
    context = build_context(ignore_rules())
    run_env = {**env, **image_env, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    outputs = {}
    app_dir.mkdir(parents=True, exist_ok=True)
    for keyword, arguments in steps:
        if keyword == "COPY":
            *sources, _ = shlex.split(arguments)
            for name in context if sources == ["."] else sources:
                (app_dir / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / name, app_dir / name)
        elif keyword == "RUN":
            for command in arguments.split("&&"):
                command = command.strip().replace("/tmp/", f"{tmp}/")
                if command.startswith("python") or "manage.py" in command:
                    result = subprocess.run(
                        ["bash", "-c", command], cwd=app_dir, env=run_env, capture_output=True, text=True, timeout=900
                    )
                    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
                    outputs[command] = result.stdout
    return outputs
