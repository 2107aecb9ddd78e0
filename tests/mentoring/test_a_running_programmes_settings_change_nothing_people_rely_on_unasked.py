"""What a running programme's settings may no longer change unasked, since people rely on
them: its address (links sent), a step back to draft (their pages and reminders), the line
manager's agreement over applications sent without one, and a shorter notes retention (what
ended pairs wrote, deleted sooner than they were told) is asked first, naming the pairs.
Closing names the applications still waiting; "Close recruitment" claims only what it did;
and the office's page of a pair says whether what it wrote is still held."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import ApplicationStatus, MatchStatus, Programme, ProgrammeStatus
from mentoring.services.decisions import application_decision_problem
from mentoring.services.retention import notes_apply_retention
from tests.admin_pages import confirmed, form_data, words
from tests.factories import (
    HeldMeetingFactory,
    MatchFactory,
    MentorApplicationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def change_url(programme: Programme) -> str:
    return reverse("admin:mentoring_programme_change", args=[programme.pk])


def saving(office, programme, **changes):
    data = form_data(office.get(change_url(programme)))
    if changes.get("status") in (ProgrammeStatus.DRAFT, ProgrammeStatus.CLOSED):
        data.pop("recruitment_open", None)
    return office.post(change_url(programme), {**data, **changes})


def test_line_manager_agreement_is_not_switched_on_over_applications_already_sent(office, cast):
    """An application sent while the programme asked for no line manager names none, and
    no request goes out: switching the agreement on afterwards left it for ever
    unacceptable ("the line manager has not agreed"), with nobody to ask."""
    waiting = MentorApplicationFactory(
        programme=cast.programme, applicant=UserFactory(full_name="Wendy Waiting")
    )

    page = saving(office, cast.programme, line_manager_agreement="on")

    cast.programme.refresh_from_db()
    problem = application_decision_problem(
        application=waiting, status=ApplicationStatus.ACCEPTED, by=cast.coordinator
    )
    assert not (cast.programme.line_manager_agreement and problem), problem
    assert page.status_code == 200
    assert "Wendy Waiting" in page.content.decode() or "1 application" in page.content.decode()


def test_a_running_programmes_address_is_not_changed_under_the_links_sent(office, cast, client):
    """Emails link to /programmes/<slug>/ and /profile/?programme=<slug> (the public URL
    contract: "these paths are stable"); a slug changed on a published programme made
    every such link answer 404."""
    saving(office, cast.programme, slug="pilot-2026")

    client.force_login(cast.board_member)
    assert client.get("/programmes/pilot/").status_code == 200
    assert client.get("/profile/?programme=pilot").status_code == 200


def test_a_programme_people_take_part_in_does_not_go_back_to_draft_unasked(office, cast):
    """Back to draft, a running programme's page is gone for its mentors and board members
    and every reminder of its pairs stops, as closing it does; closing asks first, going
    back to draft was saved at once."""
    page = saving(office, cast.programme, status=ProgrammeStatus.DRAFT)

    cast.programme.refresh_from_db()
    assert cast.programme.status == ProgrammeStatus.ACTIVE
    assert page.status_code == 200


def test_closing_names_the_applications_still_waiting_for_a_decision(office, cast):
    """Closed, a programme takes no more decisions of interest to anyone: those still
    waiting are told only by their page that it has ended, and nobody is emailed. The
    confirmation said "Nothing is under way" while applications waited."""
    MentorApplicationFactory(
        programme=cast.programme, applicant=UserFactory(full_name="Wendy Waiting")
    )
    MatchFactory._meta.model.objects.filter(programme=cast.programme).update(
        status=MatchStatus.ENDED, ended_at=timezone.now(), end_reason="completed"
    )

    page = saving(office, cast.programme, status=ProgrammeStatus.CLOSED)

    text = " ".join(page.content.decode().split())
    assert page.status_code == 200
    assert "1 application waiting for a decision" in text


def test_shortening_the_notes_retention_asks_first_naming_the_pairs_whose_notes_go(office, cast):
    """What a pair wrote, once deleted by the retention, is gone for good: a period cut from
    365 days to 30 deleted that night the notes of every pair ended in between, with no
    question asked."""
    ended = MatchFactory._meta.model.objects.filter(pk=cast.pair.pk)
    HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=100))
    ended.update(
        status=MatchStatus.ENDED,
        ended_at=timezone.now() - timedelta(days=90),
        end_reason="completed",
    )

    page = saving(office, cast.programme, notes_retention_days="30")

    cast.programme.refresh_from_db()
    assert cast.programme.notes_retention_days == 365
    assert page.status_code == 200
    assert "Maya Mentor and Bola Board" in " ".join(page.content.decode().split())
    assert notes_apply_retention().pairs == 0

    office.post(change_url(cast.programme), confirmed(page))
    cast.programme.refresh_from_db()
    assert cast.programme.notes_retention_days == 30


def test_closing_recruitment_claims_only_what_it_did(office, cast):
    """ "Close recruitment" chosen for a programme that has ended (or a draft) changed
    nothing, yet said "Recruitment is now closed for it: its page shows the closed
    message", where the ended programme's page says it has ended and a draft has no page."""
    from tests.admin_pages import messages_shown
    from tests.factories import ProgrammeFactory

    ended = ProgrammeFactory(
        name="2024 pilot", slug="2024", status=ProgrammeStatus.CLOSED, recruitment_open=False
    )

    response = office.post(
        reverse("admin:mentoring_programme_changelist"),
        {"action": "close_recruitment", "_selected_action": [ended.pk]},
        follow=True,
    )

    shown = " ".join(messages_shown(response))
    assert "is now closed" not in shown
    assert "shows the closed message" not in shown


def test_the_pair_page_says_whether_what_the_pair_wrote_is_still_held(office, cast):
    from mentoring.models import Match

    page = words(
        office.get(reverse("admin:mentoring_match_change", args=[cast.pair.pk])).content.decode()
    )
    assert "Kept while the pair runs, and for 365 days after it ends." in page

    HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=500))
    Match.objects.filter(pk=cast.pair.pk).update(
        status=MatchStatus.ENDED,
        ended_at=timezone.now() - timedelta(days=400),
        end_reason="completed",
    )
    assert notes_apply_retention().pairs == 1

    page = words(
        office.get(reverse("admin:mentoring_match_change", args=[cast.pair.pk])).content.decode()
    )
    today = timezone.localdate()
    assert f"Deleted on {today:%-d %B %Y} by the programme's notes retention." in page


def test_yes_to_a_shorter_retention_brings_forward_no_pair_the_page_did_not_name(
    office, cast, time_machine
):
    """Omar and Olive's pair ended after the page was shown: by "Yes", a quarter of an hour
    later, the save would have brought its deletion forward, and emailed them, without the
    page ever naming them."""
    time_machine.move_to(timezone.now(), tick=False)
    pairs = MatchFactory._meta.model.objects

    def end(pair):
        pairs.filter(pk=pair.pk).update(
            status=MatchStatus.ENDED, ended_at=timezone.now(), end_reason="completed"
        )

    time_machine.shift(timedelta(days=-90))
    end(cast.pair)
    time_machine.shift(timedelta(days=90))
    page = saving(office, cast.programme, notes_retention_days="30")
    assert "Omar Other" not in words(page.content.decode())

    time_machine.shift(timedelta(minutes=15))
    end(cast.other_pair)
    again = office.post(change_url(cast.programme), confirmed(page))

    cast.programme.refresh_from_db()
    assert cast.programme.notes_retention_days == 365
    text = words(again.content.decode())
    assert (
        "Nothing was saved: since this page was shown, 1 more ended pair would be affected" in text
    )
    date = r"\d+ \w+ \d{4}"
    assert re.search(
        rf"Omar Other and Olive Other, ended {date}: deleted on {date}, not {date} \(new\)", text
    )
    assert re.search(
        rf"Maya Mentor and Bola Board, ended {date}: deleted on {date}, not {date}(?! \(new\))",
        text,
    )

    office.post(change_url(cast.programme), confirmed(again))
    cast.programme.refresh_from_db()
    assert cast.programme.notes_retention_days == 30
