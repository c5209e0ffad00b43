import os

import pytest

from tests.config import dockerfile


@pytest.fixture(scope="session")
def image_build(tmp_path_factory):
    """The Dockerfile's build steps, done once: (the image's /app, what the steps printed).
    Like a Docker build, it sees none of the deployment's variables."""
    app_dir = tmp_path_factory.mktemp("image") / "app"
    build_env = {key: value for key, value in os.environ.items() if key in ("HOME", "LANG", "LC_ALL", "TMPDIR")}
    outputs = dockerfile.build(app_dir, build_env)
    return app_dir, outputs
