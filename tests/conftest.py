import os
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from mentoring.reminders import reminders_dispatch
from mentoring.reminders.rules import at_night
from tests.factories import (
    BriefedBoardMemberFactory,
    CoordinatorFactory,
    MatchFactory,
    MentorFactory,
    UserFactory,
    line_manager_asked,
)
from tests.servers import missing_servers

FAIL_ON_SKIP = os.environ.get("TESTS_FAIL_ON_SKIP") == "1"

# The shared cast of people (tests/cast.py): use it rather than defining a programme anew.
# The mail server away for a while (tests/mail_outage.py).
pytest_plugins = ["tests.cast", "tests.mail_outage"]


def pytest_configure(config):
    # The manifest needs `collectstatic`; tests use plain storage, as Django advises.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # WhiteNoise warns about a missing STATIC_ROOT; the suite serves static files from the finders.
    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_SIGNUP_DOMAINS = ["example.org"]
    settings.SECURE_SSL_REDIRECT = False
    settings.SITE_URL = "https://mentoring.example.org"
    from config.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (TESTS_FAIL_ON_SKIP=1) a skipped test is a failed test."""
    outcome = yield
    report = outcome.get_result()
    if FAIL_ON_SKIP and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped, and TESTS_FAIL_ON_SKIP=1 forbids skipping: {reason}"


def pytest_runtest_setup(item):
    """A test that needs a real server fails without it (tests/servers.py), never skips."""
    missing = missing_servers(item)
    if missing:
        pytest.fail(f"this test needs {' and '.join(missing)}", pytrace=False)


def pytest_collectreport(report):
    if FAIL_ON_SKIP and report.skipped:
        report.outcome = "failed"


def _restore_coordinators_group():
    """Re-run the data migrations that build the Coordinators group (see accounts.coordinators)."""
    import sys

    from django.apps import apps
    from django.contrib.auth.models import Group
    from django.db.migrations.loader import MigrationLoader

    from accounts.coordinators import grant_permissions
    from accounts.models import COORDINATORS_GROUP

    if Group.objects.filter(name=COORDINATORS_GROUP).exists():
        return
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for key in sorted(loader.disk_migrations):
        module = sys.modules[loader.disk_migrations[key].__module__]
        if hasattr(module, "PERMISSIONS"):
            grant_permissions(apps, module.PERMISSIONS)


@pytest.fixture(autouse=True)
def _coordinators_group(request):
    # A transactional test flushes every table afterwards, data migrations' rows included;
    # put the Coordinators group back for the tests that follow.
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        _restore_coordinators_group()


@pytest.fixture(autouse=True)
def _clear_cache():
    # allauth's rate limits live in the cache; each test starts with a clean slate.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff_member(db):
    return UserFactory(full_name="Sam Staff", email="sam@example.org")


@pytest.fixture
def coordinator(db):
    return CoordinatorFactory(full_name="Cora Coordinator", email="cora@example.org")


@pytest.fixture(autouse=True)
def _daytime(request):
    """For a test that dispatches reminders (`dispatch`, or marked `daytime`), in the night
    (from 21:00 to 08:00 in the programme's time zone) the clock moves to that day's midday,
    ticking, before anything else is made: reminders about a day wait for the morning
    (`at_night`), so a test that dispatches them "now" reads the same whenever it runs. By
    day, the real clock."""
    now = timezone.localtime()
    wanted = "dispatch" in request.fixturenames or request.node.get_closest_marker("daytime")
    if not wanted or not at_night(now, now.tzinfo):
        yield
        return
    with time_machine.travel(now.replace(hour=12, minute=0, second=0, microsecond=0), tick=True):
        yield


@pytest.fixture
def dispatch(django_capture_on_commit_callbacks):
    """Run the dispatcher (at `now`, or the test's clock, by day: `_daytime`); its emails are
    sent (eagerly) once its transaction commits, unless `send` is False: then they wait in
    the outbox."""

    def run(now=None, *, send=True):
        with django_capture_on_commit_callbacks(execute=send):
            return reminders_dispatch(now)

    return run


@pytest.fixture
def second_pair(cast):
    """Maya mentors a second board member, Nia, in the same programme (a mentor may have
    more than one: `mentor_capacity`)."""
    nia = UserFactory(full_name="Nia Newboard", email="nia@example.org")
    return MatchFactory(
        mentor=cast.pair.mentor,
        board_member=BriefedBoardMemberFactory(programme=cast.programme, user=nia),
        status="active",
    )


@pytest.fixture
def third_pair(cast):
    """Tariq Third mentors Thea Third, a third pair in the same programme: with it each side
    has three people, so a survey of both sides with a minimum group size of 3 shows mentors
    and board members apart, and reminds only those who have not answered
    (`evaluation.results.withholds_how_many_answered`)."""
    return MatchFactory(
        mentor=MentorFactory(
            programme=cast.programme,
            applicant=UserFactory(full_name="Tariq Third", email="tariq@example.org"),
        ),
        board_member=BriefedBoardMemberFactory(
            programme=cast.programme,
            user=UserFactory(full_name="Thea Third", email="thea@example.org"),
        ),
        status="active",
    )


@pytest.fixture
def line_manager_waiting(cast):
    """Olu Outsider applied to the programme, which asks for his line manager's agreement;
    the link (`the-first-link`) went to boss@example.org 8 days ago, unanswered since: a
    week's silence, so the reminders to the manager and to Olu are due."""
    return line_manager_asked(
        cast.programme,
        cast.outsider,
        "boss@example.org",
        sent_at=timezone.now() - timedelta(days=8),
        token="the-first-link",
    )
