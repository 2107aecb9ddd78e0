"""The programme office's pages say once what zone their times are in, as the participants'
pages do ("Times are UK time (Europe/London).", mentoring.moments.zone_in_words): its lists
("6 Dec 2026, 06:35" in the outbox and the audit trail), a record's page, and the programme
report, whose "Figures as of" time also names its zone, as the report's other times do
("06:28 GMT")."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tests.admin_pages import sign_in_for_real, words_at

pytestmark = pytest.mark.django_db

SAID = "Times are UK time (Europe/London)."
WINTER = datetime(2026, 12, 6, 6, 33, tzinfo=ZoneInfo("Europe/London"))
SUMMER = datetime(2027, 6, 7, 9, 15, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def office(client, cast):
    sign_in_for_real(client, cast, "coordinator")
    return client


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:index"),
        reverse("admin:accounts_outboxmessage_changelist"),
        reverse("admin:accounts_auditevent_changelist"),
        reverse("admin:mentoring_event_changelist"),
        reverse("admin:mentoring_mentorapplication_changelist"),
    ],
)
def test_each_office_page_says_once_what_zone_its_times_are_in(office, url):
    assert words_at(office, url).count(SAID) == 1


def test_an_application_s_page_says_what_zone_its_submitted_time_is_in(office, cast):
    url = reverse("admin:mentoring_mentorapplication_change", args=[cast.pair.mentor.pk])

    assert words_at(office, url).count(SAID) == 1


def test_the_programme_report_says_what_zone_its_times_are_in(office, cast):
    url = reverse("programme_report", args=[cast.programme.slug])

    assert words_at(office, url).count(SAID) == 1


@pytest.mark.parametrize(
    ("now", "as_of"),
    [(WINTER, "6 December 2026, 06:33 GMT"), (SUMMER, "7 June 2027, 09:15 BST")],
)
def test_the_reports_figures_as_of_time_names_its_zone(client, cast, now, as_of):
    url = reverse("programme_report", args=[cast.programme.slug])

    with time_machine.travel(now, tick=False):
        sign_in_for_real(client, cast, "coordinator")
        page = words_at(client, url)

    assert f"Figures as of {as_of}." in page
