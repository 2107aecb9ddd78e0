"""The production settings (config.settings, from the same environment), with one URL added
for the bench: /bench/ping, the ceiling every page is compared with. Only the bench's gunicorn
uses this module; no deployment serves the ping."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
