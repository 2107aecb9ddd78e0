"""The load bench (`make bench-load`) at a tiny size, so that its code cannot rot: what it
fills is valid, its people sign in through the real sign-in form (the coordinator through
the authenticator step too), every page it drives answers them, no page sends more
queries when the data grows, and the CPU time it counts is the serving processes'."""

import os
import subprocess
import sys
import time

import psycopg
import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from bench.load import (
    PAGES,
    REFERENCES,
    Row,
    compare,
    cpu_seconds,
    cpu_spent,
    database_backends,
    in_process,
    process_group,
    results_path,
    totp_code,
)
from bench.seed import PASSWORD, SMALL, Scale, fill
from mentoring.models import Event, Match, Meeting, MentorApplication, Registration

pytestmark = pytest.mark.django_db

# Half as large again as SMALL, everywhere: more programmes, pairs, meetings and events.
MEDIUM = Scale(
    programmes=3, pairs=5, applicants=4, bystanders=3, meetings=8, sessions=4, registered=6
)


@pytest.fixture
def bench_host(settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]  # the host the bench's test client says


def test_the_bench_fills_the_shape_it_describes():
    seeded = fill(SMALL, now=timezone.now())

    assert seeded.counts == {
        "programmes": 2,
        "people": SMALL.people + 1,  # and the coordinator
        "applications": 2 * (3 + 2),
        "board members": 2 * 3,
        "pairs": 2 * 3,
        "meetings": 2 * 3 * 5,
        "action steps": 2 * 3 * 2,
        "events": 2 * (2 + 2),
        "registrations": 2 * (3 + 3 + 4 + 4),
        "surveys": 2 * 2,
    }
    assert seeded.programme_slug == "bench-cohort-2"
    # The rows are in the database, not only in the lists the seed built.
    assert {
        "applications": MentorApplication.objects.count(),
        "pairs": Match.objects.count(),
        "meetings": Meeting.objects.count(),
        "events": Event.objects.count(),
        "registrations": Registration.objects.count(),
    } == {
        key: seeded.counts[key]
        for key in ("applications", "pairs", "meetings", "events", "registrations")
    }


@pytest.mark.parametrize("who", ["mentor", "board_member", "coordinator"])
def test_the_bench_people_sign_in_through_the_sign_in_form(client, who):
    seeded = fill(SMALL, now=timezone.now())
    email = getattr(seeded, f"{who}_email")

    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    if who == "coordinator":
        assert response.url == reverse("mfa_authenticate")
        response = client.post(response.url, {"code": totp_code(seeded.totp_secret)})

    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    assert client.get(response.url).status_code == 200


def test_every_page_the_bench_drives_answers_its_person(bench_host):
    seeded = fill(SMALL, now=timezone.now())

    found = in_process(seeded, runs=1)  # exits if a page answers anything but 200

    assert set(found) == {page for page, _role, _path in PAGES if page not in REFERENCES}
    assert all(queries > 0 for queries, _ms in found.values())


def test_no_page_the_bench_drives_sends_more_queries_with_more_data(bench_host):
    now = timezone.now()
    with transaction.atomic():
        small = {page: n for page, (n, _ms) in in_process(fill(SMALL, now=now), runs=0).items()}
        transaction.set_rollback(True)

    medium = {page: n for page, (n, _ms) in in_process(fill(MEDIUM, now=now), runs=0).items()}

    assert medium == small


def test_the_reference_pages_answer_a_signed_in_person_only(client, settings):
    settings.ROOT_URLCONF = "bench.urls"
    seeded = fill(SMALL, now=timezone.now())
    client.post(reverse("account_login"), {"login": seeded.mentor_email, "password": PASSWORD})

    assert client.get("/bench/ping").content.decode().startswith("signed in as ")
    layout = client.get("/bench/layout").content.decode()
    assert "<h1>Layout</h1>" in layout
    assert "Your pair</a>" in layout  # the navigation, with the person's own links
    client.logout()
    assert client.get("/bench/layout").status_code == 302


# CPU time per request


def _burn(seconds: float) -> str:
    """Python code that keeps a CPU busy for `seconds` of its own CPU time, then waits."""
    return (
        "import time, sys\n"
        f"end = time.process_time() + {seconds}\n"
        "while time.process_time() < end: pass\n"
        "print('done', flush=True)\n"
        "sys.stdin.read()\n"
    )


def test_the_cpu_time_counted_is_what_the_process_spent():
    busy = subprocess.Popen(
        [sys.executable, "-c", _burn(0.5)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    idle = subprocess.Popen([sys.executable, "-c", _burn(0)], stdin=subprocess.PIPE)
    try:
        before = cpu_seconds([busy.pid, idle.pid])
        assert busy.stdout.readline() == b"done\n"  # its half second is spent
        time.sleep(0.2)
        after = cpu_seconds([busy.pid, idle.pid])
    finally:
        busy.communicate(b"")
        idle.communicate(b"")

    assert 0.4 <= after[busy.pid] - before[busy.pid] <= 0.9
    assert after[idle.pid] - before[idle.pid] <= 0.05  # waiting costs nothing
    assert cpu_seconds([busy.pid]) == {}  # ended: left out


def test_a_page_is_compared_with_the_ceiling_measured_beside_it():
    """Two pages measured while the machine ran at different speeds, each beside the
    ceiling of its moment: the same share of it, whatever the speed."""
    fast = Row("dashboard", "mentor", "/dashboard/", saturated_rps=300.0, cpu_ms=10.0)
    fast.ceiling_rps, fast.ceiling_cpu_ms = 1000.0, 3.0
    slow = Row("dashboard", "mentor", "/dashboard/", saturated_rps=150.0, cpu_ms=20.0)
    slow.ceiling_rps, slow.ceiling_cpu_ms = 500.0, 6.0
    for row in (fast, slow):
        compare(row)
        assert row.ratio == pytest.approx(0.30)
        assert row.cpu_ratio == pytest.approx(0.30)


def test_a_second_run_of_the_day_is_written_beside_the_first_not_over_it(tmp_path):
    first = results_path(tmp_path, "2026-12-02")
    assert first.name == "2026-12-02.json"
    first.write_text("{}")
    second = results_path(tmp_path, "2026-12-02")
    assert second.name == "2026-12-02-2.json"
    second.write_text("{}")
    assert results_path(tmp_path, "2026-12-02").name == "2026-12-02-3.json"
    assert results_path(tmp_path, "2026-12-03").name == "2026-12-03.json"


def test_cpu_spent_counts_a_process_started_between_readings_whole():
    assert cpu_spent({1: 2.0, 2: 1.0}, {1: 2.5, 2: 1.0, 3: 0.25}) == 0.75


def test_the_server_counted_is_its_process_group_and_nothing_else():
    # A server started in a session of its own, as the bench starts gunicorn, with a child.
    server = subprocess.Popen(
        ["sh", "-c", "sleep 30 & sleep 30; wait"],
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 5
        while len(members := process_group(server.pid)) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        os.killpg(server.pid, 9)
        server.wait()

    assert server.pid in members
    assert len(members) == 3  # the shell and its two sleeps
    assert os.getpid() not in members


def test_the_database_processes_counted_are_the_other_connections_to_its_database():
    database = connection.settings_dict["NAME"]
    other = psycopg.connect(
        dbname=database,
        host=connection.settings_dict["HOST"],
        port=connection.settings_dict["PORT"] or 5432,
        user=connection.settings_dict["USER"],
        password=connection.settings_dict["PASSWORD"],
    )
    try:
        other_pid = other.info.backend_pid
        found = database_backends(database)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            own_pid = cursor.fetchone()[0]
    finally:
        other.close()

    assert other_pid in found
    assert own_pid not in found
    assert database_backends("no_such_database") == set()
