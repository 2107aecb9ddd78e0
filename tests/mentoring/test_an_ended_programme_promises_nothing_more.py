"""A programme the office has closed is over, not paused: its pages say so to everyone in it,
and none of them promises what can no longer happen (recruitment opening again, a match, a
place coming up, the office being in touch about what comes next)."""

import pytest
from django.urls import reverse

from mentoring.models import EndReason, MentorApplication, ProgrammeStatus
from mentoring.services.applications import application_withdraw
from mentoring.services.matches import match_end
from tests.admin_pages import words
from tests.cast import sign_in_as
from tests.factories import (
    BriefedBoardMemberFactory,
    DraftApplicationFactory,
    MentorApplicationFactory,
    MentorFactory,
)

pytestmark = pytest.mark.django_db

PROMISES = [
    "until it opens again",
    "will match you",
    "If a place comes up",
    "will be in touch by email about what happens next",
    "Continue your application",
    "Complete your profile",
]
ENDED_UNPAIRED = "2026/27 pilot ended before you were paired, so there is nothing more to do"


def close(programme):
    """As the office closes it: no longer recruiting (a database check), then closed."""
    programme.status, programme.recruitment_open = ProgrammeStatus.CLOSED, False
    programme.save()


def pages(client, person, programme) -> dict[str, str]:
    client.force_login(person)
    read = {}
    for name, url in (
        ("dashboard", reverse("dashboard")),
        ("programme page", reverse("programme_detail", args=[programme.slug])),
    ):
        response = client.get(url)
        assert response.status_code == 200, name
        read[name] = words(response.content.decode())
    return read


def assert_promises_nothing(read: dict[str, str]) -> None:
    for name, text in read.items():
        for promise in PROMISES:
            assert promise not in text, (name, promise)


@pytest.mark.parametrize(
    ("made", "said"),
    [
        (
            DraftApplicationFactory,
            ["2026/27 pilot has ended, so this draft can no longer be sent.", "Read your draft"],
        ),
        (
            MentorFactory,  # accepted, never paired
            ["You were a reverse mentor in 2026/27 pilot, which has ended.", ENDED_UNPAIRED],
        ),
    ],
)
def test_an_application_in_an_ended_programme_is_told_so(client, cast, made, said):
    made(programme=cast.programme, applicant=cast.outsider)
    close(cast.programme)

    read = pages(client, cast.outsider, cast.programme)

    for text in read.values():
        for sentence in said:
            assert sentence in text
    assert_promises_nothing(read)


def test_a_waitlisted_applicant_is_told_no_place_will_come_up(client, cast):
    MentorApplicationFactory(programme=cast.programme, applicant=cast.outsider, status="waitlisted")
    close(cast.programme)

    read = pages(client, cast.outsider, cast.programme)

    assert "2026/27 pilot has ended, so no place will come up in it." in read["dashboard"]
    assert_promises_nothing(read)


def test_a_board_member_never_paired_is_told_the_programme_ended(client, cast):
    member = BriefedBoardMemberFactory(programme=cast.programme, user=cast.outsider)
    close(cast.programme)

    read = pages(client, member.user, cast.programme)

    assert "2026/27 pilot: you were a board member" in read["dashboard"]
    for text in read.values():
        assert ENDED_UNPAIRED in text
    assert_promises_nothing(read)


@pytest.mark.parametrize("role", ["mentor", "board_member"])
def test_a_pair_that_ended_with_its_programme_is_thanked(client, cast, role):
    match_end(match=cast.pair, reason=EndReason.COMPLETED, by=cast.coordinator)
    close(cast.programme)

    read = pages(client, getattr(cast, role), cast.programme)

    for text in read.values():
        assert "2026/27 pilot has ended: thank you for taking part." in text
    assert_promises_nothing(read)


@pytest.mark.parametrize("role", ["anonymous", "outsider"])
def test_the_programme_page_says_it_has_ended_not_that_recruitment_is_closed(client, cast, role):
    close(cast.programme)
    sign_in_as(client, cast, role)

    response = client.get(reverse("programme_detail", args=[cast.programme.slug]))
    text = words(response.content.decode())

    assert "This programme has ended" in text
    assert "2026/27 pilot is over, so it takes no more applications." in text
    assert "Recruitment is closed" not in text


def test_nothing_is_withdrawn_from_an_ended_programme(client, cast):
    close(cast.programme)
    client.force_login(cast.mentor)

    own = client.get(f"{reverse('apply')}?programme={cast.programme.slug}").content.decode()
    posted = client.post(
        reverse("apply_withdraw"), {"programme": cast.programme.slug, "confirm": "1"}, follow=True
    )

    assert "Withdraw my application" not in own
    assert "There is no application in progress to withdraw." in posted.content.decode()
    application = MentorApplication.objects.get(applicant=cast.mentor)
    assert application.status == "accepted"
    assert application_withdraw(application=application) is False  # the service holds it too
    application.refresh_from_db()
    assert application.status == "accepted"
