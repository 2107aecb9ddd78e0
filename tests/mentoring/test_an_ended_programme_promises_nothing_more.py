"""A programme the office has closed is over, not paused: its pages say so to everyone in it,
and none of them promises what can no longer happen (recruitment opening again, a match, a
place coming up, the office being in touch about what comes next, a briefing place to take).
The pair page and the meetings page of someone in no pair say the same as their dashboard."""

from functools import partial

import pytest
from django.urls import reverse

from accounts.models import OutboxMessage
from mentoring.models import EndReason, MentorApplication, ProgrammeStatus, Registration
from mentoring.services.applications import application_withdraw
from mentoring.services.matches import match_end
from tests.admin_pages import words
from tests.cast import sign_in_as
from tests.factories import (
    BriefedBoardMemberFactory,
    DraftApplicationFactory,
    EventFactory,
    MentorApplicationFactory,
    MentorFactory,
)

pytestmark = pytest.mark.django_db

PROMISES = [
    "until it opens again",
    "will match you",
    "If a place comes up",
    "To talk about what happens next, write to the programme office",
    "Continue your application",
    "Complete your profile",
    "register for it",
    "Not briefed yet",
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


def pair_pages(client, person) -> dict[str, str]:
    """/match/ and /meetings/, which say why someone in no pair has none."""
    client.force_login(person)
    return {
        name: words(client.get(reverse(name)).content.decode()) for name in ("match", "meetings")
    }


def briefing_to_come(programme, audience="mentors"):
    return EventFactory(programme=programme, audience=audience, title="Second-round briefing")


def assert_promises_nothing(read: dict[str, str]) -> None:
    for name, text in read.items():
        for promise in PROMISES:
            assert promise not in text, (name, promise)


DRAFT_ENDED = ["2026/27 pilot has ended, so this draft can no longer be sent.", "Read your draft"]


@pytest.mark.parametrize(
    ("made", "said", "said_where_no_pair"),
    [
        (DraftApplicationFactory, DRAFT_ENDED, DRAFT_ENDED),
        (
            MentorFactory,  # accepted, never paired
            ["You were a reverse mentor in 2026/27 pilot, which has ended.", ENDED_UNPAIRED],
            [ENDED_UNPAIRED],
        ),
        (
            partial(MentorFactory, briefed=False),  # accepted, never briefed
            ["You were a reverse mentor in 2026/27 pilot, which has ended.", ENDED_UNPAIRED],
            [ENDED_UNPAIRED],
        ),
    ],
)
def test_an_application_in_an_ended_programme_is_told_so(
    client, cast, made, said, said_where_no_pair
):
    made(programme=cast.programme, applicant=cast.outsider)
    briefing_to_come(cast.programme)
    close(cast.programme)

    read = pages(client, cast.outsider, cast.programme)
    no_pair = pair_pages(client, cast.outsider)

    for text in read.values():
        for sentence in said:
            assert sentence in text
    for text in no_pair.values():
        for sentence in said_where_no_pair:
            assert sentence in text
    assert_promises_nothing(read | no_pair)


def test_a_waitlisted_applicant_is_told_no_place_will_come_up(client, cast):
    MentorApplicationFactory(programme=cast.programme, applicant=cast.outsider, status="waitlisted")
    briefing_to_come(cast.programme)
    close(cast.programme)

    read = pages(client, cast.outsider, cast.programme)
    no_pair = pair_pages(client, cast.outsider)

    assert "2026/27 pilot has ended, so no place will come up in it." in read["dashboard"]
    for text in no_pair.values():
        assert (
            "you were on the waiting list for 2026/27 pilot, which has ended, so no place will "
            "come up in it." in text
        )
    assert_promises_nothing(read | no_pair)


@pytest.mark.parametrize("briefed", [True, False])
def test_a_board_member_never_paired_is_told_the_programme_ended(client, cast, briefed):
    member = BriefedBoardMemberFactory(
        programme=cast.programme, user=cast.outsider, briefed=briefed
    )
    briefing_to_come(cast.programme, audience="board_members")
    close(cast.programme)

    read = pages(client, member.user, cast.programme) | pair_pages(client, member.user)

    assert "2026/27 pilot: you were a board member" in read["dashboard"]
    for text in read.values():
        assert ENDED_UNPAIRED in text
    assert_promises_nothing(read)


def test_an_applicant_takes_no_briefing_place_in_an_ended_programme(client, cast):
    MentorApplicationFactory(programme=cast.programme, applicant=cast.outsider)
    briefing = briefing_to_come(cast.programme)
    close(cast.programme)
    client.force_login(cast.outsider)

    listed = words(client.get(reverse("events")).content.decode())
    taken = client.post(reverse("event_register", args=[briefing.pk]), follow=True)

    assert "Second-round briefing" not in listed
    assert (
        "2026/27 pilot has ended, so nobody is matched in it any more and its briefings take "
        "no registrations." in words(taken.content.decode())
    )
    assert not Registration.objects.filter(person=cast.outsider).exists()
    assert not OutboxMessage.objects.filter(recipient=cast.outsider).exists()
    assert_promises_nothing(pages(client, cast.outsider, cast.programme))


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
