"""The load bench (`make bench-load`) at a tiny size, so that its code cannot rot: what it
fills is valid, its people sign in through the real sign-in form (the coordinator through
the authenticator step too), every page it drives answers them, and no page sends more
queries when the data grows."""

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from bench.load import PAGES, REFERENCES, in_process, totp_code
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
