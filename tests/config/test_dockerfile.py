"""The Docker image: its build steps run with the Dockerfile's own environment and no
secret, its context holds only what runs, and its processes run as a user of their own."""

import tomllib

from tests.config import dockerfile
from tests.config.test_settings import ROOT

STEPS = dockerfile.instructions()


def keywords() -> list[str]:
    return [keyword for keyword, _ in STEPS]


def test_the_build_steps_succeed_with_no_secret_database_or_broker(image_build):
    app_dir, outputs = image_build
    assert any("collectstatic" in command for command in outputs)
    # collectstatic ran as production does: hashed names, with Brotli and gzip copies.
    assert (app_dir / "var" / "static" / "staticfiles.json").exists()
    hashed = sorted((app_dir / "var" / "static" / "js").glob("app.*.js"))
    assert [path.name.count(".") for path in hashed] == [2], hashed
    assert hashed[0].with_name(hashed[0].name + ".br").exists()
    assert hashed[0].with_name(hashed[0].name + ".gz").exists()
    # The translations, compiled by the build from the .po files (issue 25): the server's,
    # and the PWA's catalogues among the collected (hashed) static files.
    for language in ("de", "fr", "it", "es"):
        assert (app_dir / "locale" / language / "LC_MESSAGES" / "django.mo").exists()
        assert len(list((app_dir / "var" / "static" / "js" / "catalogues").glob(f"{language}.*.js"))) == 1


def test_the_image_installs_the_app_dependencies_and_no_development_tools(image_build):
    app_dir, _ = image_build
    listed = (app_dir.parent / "tmp" / "requirements.txt").read_text().split()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert listed == project["dependencies"]
    assert all("==" in requirement for requirement in listed), "every dependency is pinned"
    for tool in ("honcho", "pytest", "ruff", "playwright"):
        assert not [requirement for requirement in listed if requirement.lower().startswith(tool)]


def test_dependencies_are_installed_before_the_code_is_copied():
    copies = [(index, arguments) for index, (keyword, arguments) in enumerate(STEPS) if keyword == "COPY"]
    install = next(
        index for index, (keyword, arguments) in enumerate(STEPS) if keyword == "RUN" and "pip install" in arguments
    )
    first_copy, code_copy = copies[0], next(copy for copy in copies if copy[1] == ". .")
    assert first_copy[1] == "pyproject.toml constraints.txt ./"
    assert first_copy[0] < install < code_copy[0]


def test_the_build_context_holds_only_what_runs():
    context = dockerfile.build_context(dockerfile.ignore_rules())
    top_level = {path.split("/")[0] for path in context}
    assert top_level <= {
        "pyproject.toml",
        "constraints.txt",
        "manage.py",
        "config",
        "diary",
        "api",
        "frontend",
        "locale",
        "LICENSE",
    }
    assert {"manage.py", "config", "diary", "api", "frontend"} <= top_level
    for left_out in ("tests", "bench", "drills", ".git", "var", "node_modules", ".venv", ".env", "docs"):
        assert left_out not in top_level
    assert not [path for path in context if "__pycache__" in path or path.endswith(".pyc")]
    assert not [path for path in context if path.endswith(".mo") or "/catalogues/" in path]  # built, not copied


def test_the_dockerignore_rules_work_as_docker_reads_them():
    rules = dockerfile.ignore_rules()
    assert dockerfile.excluded("tests/config/test_dockerfile.py", rules)
    assert dockerfile.excluded("config/__pycache__/settings.cpython-311.pyc", rules)
    assert not dockerfile.excluded("config/settings.py", rules)
    assert dockerfile.excluded(".env", rules)


def test_processes_run_as_a_user_of_their_own_with_a_health_check():
    users = [arguments for keyword, arguments in STEPS if keyword == "USER"]
    assert users and users[-1] not in ("root", "0")
    assert keywords().index("USER") < keywords().index("CMD")
    [healthcheck] = [arguments for keyword, arguments in STEPS if keyword == "HEALTHCHECK"]
    assert "config/healthcheck.py" in healthcheck and (ROOT / "config" / "healthcheck.py").exists()
    [command] = [arguments for keyword, arguments in STEPS if keyword == "CMD"]
    assert '"gunicorn", "-c", "config/gunicorn.py"' in command


def test_gunicorn_writes_nothing_outside_what_its_user_owns():
    import config.gunicorn as gunicorn_settings

    # No control socket (it would go to the home directory, /app, which the user cannot
    # write, and two gunicorns on one host would share it).
    assert gunicorn_settings.control_socket_disable is True


def test_compose_starts_the_app_after_its_migrations_with_every_required_setting():
    import yaml

    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    app_services = [name for name, service in services.items() if service.get("build")]
    assert set(app_services) == {"migrate", "web", "worker", "beat"}
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}, name
    assert services["migrate"]["depends_on"]["db"] == {"condition": "service_healthy"}
    # .env.example names what production requires beyond what compose.yaml sets itself.
    example = dict(
        line.split("=", 1) for line in (ROOT / ".env.example").read_text().splitlines() if line and line[0] != "#"
    )
    set_by_compose = services["web"]["environment"]
    for required in ("SECRET_KEY", "ALLOWED_HOSTS", "VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY", "VAPID_SUBJECT"):
        assert required in example
    assert {"DEBUG", "DATABASE_URL", "REDIS_URL"} <= set_by_compose.keys()


def test_compose_runs_several_workers_and_exactly_one_beat():
    import yaml

    services = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]
    assert services["worker"]["deploy"]["replicas"] == "${WORKER_REPLICAS:-2}"  # two unless told otherwise
    assert services["beat"]["deploy"]["replicas"] == 1
