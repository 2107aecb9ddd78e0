"""Messages to a group are written in a programme the office chooses: the current one by
default, or another still running beside it, or one closed with pairs still meeting
(closing ends no pair). "Send" writes in the programme its preview named, whatever was
published meanwhile; a programme nobody can be written to in is refused by name."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import CohortMessage, ProgrammeStatus
from tests.admin_pages import messages_shown, words
from tests.cast import sign_in_as
from tests.factories import BriefedBoardMemberFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
ADD_MESSAGE = reverse("admin:mentoring_cohortmessage_add")


def next_cohort(**fields):
    """The next cohort, published and recruiting while the cast's pilot still runs."""
    return ProgrammeFactory(
        name="2027/28 cohort",
        slug="cohort-2027",
        starts_on=timezone.localdate() + timedelta(days=60),
        **fields,
    )


@pytest.fixture
def office(client, cast):
    sign_in_as(client, cast, "coordinator")
    return client


def preview(office, url, audience="pairs"):
    """The compose page at `url`, filled in and previewed, as a browser posts it."""
    form = office.get(url).context["form"]
    data = {
        "audience": audience,
        "event": "",
        "subject": "Evaluation session",
        "body": "See you on 3 June.",
        "token": form["token"].value(),
        "programme": office.get(url).context["programme"].pk,
    }
    return data, office.post(url, {**data, "step": "preview"})


def send(office, data, page):
    return office.post(
        ADD_MESSAGE, {**data, "step": "confirm", "fingerprint": page.context["fingerprint"]}
    )


def test_the_pilot_still_running_beside_the_next_cohort_can_be_written_to(office, cast):
    newer = next_cohort()
    compose = office.get(ADD_MESSAGE)
    assert compose.context["programme"] == newer  # the current one, by default
    assert f'href="?programme={cast.programme.pk}"' in compose.content.decode()

    data, page = preview(office, f"{ADD_MESSAGE}?programme={cast.programme.pk}")

    assert "2026/27 pilot" in words(page.content.decode())
    assert {person.full_name for person in page.context["recipients"]} >= {
        "Maya Mentor",
        "Bola Board",
    }
    send(office, data, page)
    assert CohortMessage.objects.get().programme == cast.programme


def test_a_closed_programmes_pairs_still_meeting_can_be_written_to(office, cast):
    cast.programme.status = ProgrammeStatus.CLOSED
    cast.programme.recruitment_open = False
    cast.programme.save()

    _data, page = preview(office, ADD_MESSAGE)

    assert "2026/27 pilot, which has closed" in words(office.get(ADD_MESSAGE).content.decode())
    assert "Maya Mentor" in {person.full_name for person in page.context["recipients"]}
    # Over for everyone else, who were told so: only its pairs are offered, and asked.
    assert [value for value, _ in page.context["form"].fields["audience"].choices] == ["pairs"]
    _data, refused = preview(office, ADD_MESSAGE, audience="mentors")
    assert refused.context["form"].errors["audience"]


def test_send_writes_in_the_programme_the_preview_named(office, cast):
    """The preview named the pilot; a colleague then publishes the next cohort, with the
    same board members: "Send" still writes to the pilot's."""
    data, page = preview(office, ADD_MESSAGE, audience="board_members")
    newer = next_cohort(office_email="next@example.org")
    for member in (cast.board_member, cast.other_board_member):
        BriefedBoardMemberFactory(programme=newer, user=member)

    send(office, data, page)

    assert CohortMessage.objects.get().programme == cast.programme


@pytest.mark.parametrize("status", [ProgrammeStatus.DRAFT, ProgrammeStatus.CLOSED])
def test_a_programme_with_nobody_to_write_to_is_refused_by_name(office, cast, status):
    other = ProgrammeFactory(
        name="Elsewhere", slug="elsewhere", status=status, recruitment_open=False
    )

    page = office.get(f"{ADD_MESSAGE}?programme={other.pk}", follow=True)

    assert "That programme cannot be written to" in " ".join(messages_shown(page))
    assert not CohortMessage.objects.exists()
