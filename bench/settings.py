"""The production settings (config.settings, from the same environment), with two URLs added
for the bench: /bench/ping, the ceiling every page is compared with, and /bench/layout, the
shared layout around an empty page. Only the bench's gunicorn uses this module; no
deployment serves them."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
