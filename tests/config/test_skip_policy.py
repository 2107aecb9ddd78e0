import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_sample(tmp_path, env) -> subprocess.CompletedProcess:
    """Run the sample suite in `tmp_path` with the project's settings and `env`."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            str(tmp_path),
            "-p",
            "no:cacheprovider",
            "-q",
            "--rootdir",
            str(ROOT),
            "-c",
            str(ROOT / "pyproject.toml"),
            "--confcutdir",
            str(ROOT),
            "--override-ini",
            f"testpaths={tmp_path}",
        ],
        cwd=ROOT,
        env={**env, "COLUMNS": "300"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_skipped_test_fails_when_skips_are_forbidden(tmp_path):
    # The sample suite uses the project's own hooks, as every test under tests/ does.
    (tmp_path / "conftest.py").write_text(
        "from tests.conftest import pytest_collectreport, pytest_runtest_makereport  # noqa\n"
    )
    (tmp_path / "test_sample.py").write_text(
        "import pytest\n\n@pytest.mark.skip(reason='needs a server')\ndef test_x():\n    pass\n"
    )
    result = run_sample(tmp_path, {**os.environ, "TESTS_FAIL_ON_SKIP": "1"})
    assert result.returncode == 1, result.stdout
    assert "TESTS_FAIL_ON_SKIP=1 forbids skipping" in result.stdout
    assert "needs a server" in result.stdout


def test_a_test_that_needs_a_missing_server_fails_and_names_it(tmp_path):
    (tmp_path / "conftest.py").write_text(
        "from tests.conftest import pytest_runtest_setup  # noqa\n"
    )
    (tmp_path / "test_sample.py").write_text(
        "from tests.servers import needs_redis\n\n@needs_redis\ndef test_x():\n    pass\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "TESTS_FAIL_ON_SKIP")}
    result = run_sample(tmp_path, env)
    assert result.returncode == 1, result.stdout
    assert "this test needs Redis (set REDIS_URL)" in result.stdout
    assert "skipped" not in result.stdout
