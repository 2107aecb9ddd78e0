"""The production storage answers each static file's hashed URL from the manifest, worked out
once per process (config.storage), and still refuses a file the manifest does not list."""

import json
from unittest.mock import patch

import pytest

from config.storage import StaticFilesStorage


@pytest.fixture
def storage(tmp_path, settings):
    settings.DEBUG = False
    manifest = {"version": "1.1", "paths": {"site.css": "site.0123abcd.css"}, "hash": "x"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return StaticFilesStorage(location=tmp_path, base_url="/static/")


def test_a_file_gets_its_hashed_url_every_time(storage):
    assert storage.url("site.css") == "/static/site.0123abcd.css"

    with patch.object(storage, "stored_name", wraps=storage.stored_name) as worked_out:
        assert storage.url("site.css") == "/static/site.0123abcd.css"
    assert worked_out.call_count == 0  # kept from the first time


def test_a_file_missing_from_the_manifest_is_refused_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("missing.css")
