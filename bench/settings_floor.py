# The app's settings with the floor view mounted beside the real API.
from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor"
