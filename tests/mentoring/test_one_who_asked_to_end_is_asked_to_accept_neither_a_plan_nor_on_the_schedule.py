"""While Maya's request to end the pairing is with the programme office, the times Bola
proposes are not hers to accept (`PairView.may_accept`, the rule `meeting_accept` keeps).
So the email of the dates Bola plans for the year does not ask her to "accept, move or drop
each one": it shows her the dates and says she can drop them, worked out as it goes (she may
ask after Bola planned, while the mail server was away). Her schedule does not say Bola's
time waits "for an answer from you": it says who proposed it and why it is not hers to
accept, as her pair page does. Without a request, both read as before."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.outbox import outbox_sweep
from mentoring.services.meetings import meetings_plan
from mentoring.services.pairs import pair_request_raise
from tests.admin_pages import words
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

NOT_ACCEPTED = (
    "You asked the programme office to end this pairing, so no new time is accepted or "
    "proposed meanwhile; those booked still stand. To carry on meeting, write to the "
    "programme office at"
)
ASKED = "Accept, move or drop each one"
SCHEDULE = "https://mentoring.example.org/meetings/"


def _days_ahead(days, hour=14):
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def bola_plans(cast, *days):
    return meetings_plan(
        match=cast.pair, by=cast.board_member, times=[_days_ahead(day) for day in days]
    )


def bola_plans_sent(cast, send, *days):
    """Bola plans the year as a request would: the email goes once the save commits."""
    return send(
        meetings_plan,
        match=cast.pair,
        by=cast.board_member,
        times=[_days_ahead(day) for day in days],
    )


def plan_email_to_maya(cast, mailoutbox):
    [mail] = [m for m in mailoutbox if m.to == [cast.mentor.email]]
    return mail.body, mail.alternatives[0][0]


def test_the_plan_email_asks_maya_to_accept_move_or_drop_each_date(cast, send, mailoutbox):
    bola_plans_sent(cast, send, 10, 55)

    text, html = plan_email_to_maya(cast, mailoutbox)

    assert f"{ASKED} from your schedule:\n{SCHEDULE}" in text
    assert ASKED in html


def test_after_asking_to_end_the_plan_email_shows_maya_the_dates_to_drop_not_accept(
    cast, send, mailoutbox, asked_to_end
):
    mailoutbox.clear()

    bola_plans_sent(cast, send, 10, 55)

    text, html = plan_email_to_maya(cast, mailoutbox)
    assert (
        "See the times proposed on your schedule (you can drop each one from its page):\n"
        f"{SCHEDULE}" in text
    )
    assert "See the times proposed</a> (you can drop each one from its page)" in html
    for said in (text, words(html)):
        assert "Accept" not in said
        assert "move or drop" not in said


def test_one_date_planned_is_said_as_one(cast, send, mailoutbox, asked_to_end):
    mailoutbox.clear()

    bola_plans_sent(cast, send, 10)

    text, _html = plan_email_to_maya(cast, mailoutbox)
    assert "See the time proposed on your schedule (you can drop it from its page):" in text


def test_a_plan_that_waited_in_the_outbox_while_she_asked_to_end_goes_without_asking_her(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    # The mail server is away as Bola plans: the email waits in the outbox.
    with django_capture_on_commit_callbacks(execute=False):
        bola_plans(cast, 10, 55)
    pair_request_raise(match=cast.pair, person=cast.mentor, kind="end", note="")
    mailoutbox.clear()

    outbox_sweep()  # the mail server is back

    text, html = plan_email_to_maya(cast, mailoutbox)
    assert "See the times proposed on your schedule" in text
    assert ASKED not in text
    assert ASKED not in html


def schedule(client) -> str:
    response = client.get(reverse("meetings"))
    assert response.status_code == 200
    return words(response.content.decode())


def test_her_schedule_asks_for_her_answer_to_bolas_time(maya, proposed_by_the_board_member):
    assert "Waiting for an answer from you" in schedule(maya)


def test_after_asking_to_end_her_schedule_says_who_proposed_it_and_why_it_is_not_hers_to_accept(
    maya, proposed_by_the_board_member, asked_to_end
):
    said = schedule(maya)

    assert "Proposed by Bola" in said
    assert "Waiting for an answer" not in said
    assert NOT_ACCEPTED in said
    assert "You can decline a proposed time from its page." in said
    assert "from you" not in said


def test_her_own_proposal_still_waits_for_bola_on_her_schedule(maya, cast, asked_to_end):
    MeetingFactory(
        match=cast.pair,
        status="proposed",
        proposed_by=cast.mentor,
        starts_at=timezone.now() + timedelta(days=9),
    )

    said = schedule(maya)

    assert "Waiting for an answer from Bola" in said
    assert NOT_ACCEPTED not in said
