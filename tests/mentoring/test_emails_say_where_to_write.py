"""The emails that invite a conversation (an application declined, a pairing ended) name the
address to write to: the programme office's own, or the site's. Nobody is told to "reply"
to an email whose sender nobody reads."""

import pytest

from mentoring.models import ApplicationStatus
from mentoring.services.decisions import application_decide
from mentoring.services.events import registration_create
from mentoring.services.meetings import meeting_cancel
from mentoring.services.pairs import pair_request_raise, pair_request_resolve
from tests.factories import EventFactory, MeetingFactory, application_from

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["edi-office@example.org", ""])
def office(request, cast, settings):
    """The programme office's address, or none (then the site's, PROGRAMME_OFFICE_EMAIL)."""
    settings.PROGRAMME_OFFICE_EMAIL = "mentoring-office@example.org"
    cast.programme.office_email = request.param
    cast.programme.save(update_fields=["office_email"])
    return request.param or "mentoring-office@example.org"


def says_where_to_write(message, address: str) -> bool:
    html = message.alternatives[0][0]
    return (
        f"write to the programme office at {address}" in message.body
        and f'href="mailto:{address}"' in html
        and "reply to this email" not in (message.body + html).lower()
    )


def test_a_declined_applicant_is_told_where_to_write(
    cast, office, mailoutbox, django_capture_on_commit_callbacks
):
    priya = application_from(cast.programme, "Priya Patel")

    with django_capture_on_commit_callbacks(execute=True):
        application_decide(
            application=priya, status=ApplicationStatus.DECLINED, by=cast.coordinator
        )

    [declined] = [m for m in mailoutbox if m.to == [priya.applicant.email]]
    assert says_where_to_write(declined, office)


def test_both_people_of_an_ended_pairing_are_told_where_to_write(
    cast, office, mailoutbox, django_capture_on_commit_callbacks
):
    request = pair_request_raise(match=cast.pair, person=cast.mentor, kind="end", note="")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        pair_request_resolve(request=request, by=cast.coordinator, end_pairing=True)

    told = [m for m in mailoutbox if m.to[0] in (cast.mentor.email, cast.board_member.email)]
    assert len(told) == 2
    assert all(says_where_to_write(message, office) for message in told)


def names_the_office(message, address: str) -> bool:
    return address in message.body and f'href="mailto:{address}"' in message.alternatives[0][0]


def test_the_emails_of_taking_part_name_the_office(
    cast, office, mailoutbox, django_capture_on_commit_callbacks
):
    priya = application_from(cast.programme, "Priya Patel")
    briefing = EventFactory(programme=cast.programme)

    with django_capture_on_commit_callbacks(execute=True):
        application_decide(
            application=priya, status=ApplicationStatus.ACCEPTED, by=cast.coordinator
        )
        registration_create(event=briefing, person=priya.applicant)
        meeting_cancel(meeting=MeetingFactory(match=cast.pair), by=cast.mentor, reason="Ill.")

    subjects = {message.subject: message for message in mailoutbox}
    assert len(subjects) == 3, list(subjects)
    assert all(names_the_office(message, office) for message in mailoutbox)
