"""`make run` serves on PORT (default 8000), and the links in its emails follow it."""

import re
from pathlib import Path

from tests.production import dry_run

ROOT = Path(__file__).resolve().parents[2]


def test_make_run_serves_on_8000_by_default():
    assert "runserver 127.0.0.1:8000" in dry_run()


def test_make_run_honours_port():
    assert "runserver 127.0.0.1:8123" in dry_run(PORT="8123")


def test_make_run_sets_site_url_from_port():
    makefile = (ROOT / "Makefile").read_text()

    assert re.search(r"^run: export SITE_URL \?= http://127\.0\.0\.1:\$\(PORT\)$", makefile, re.M)
