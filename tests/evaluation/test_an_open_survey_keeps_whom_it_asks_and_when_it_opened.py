"""An open survey keeps whom it asks and when it opened: those it asks were told it is open,
and some may be halfway through. Asking more people (or other ones) would email them
unasked, fewer would shut out those told, an earlier opening would tell everyone again: whom
it asks is read-only once it has opened with its questions (a forged post changes nothing),
its opening is refused beside its field, and nobody is emailed. A survey open by its dates with no
question yet has emailed nobody: the save that gives it its first question is what emails
them, so it asks first, naming them, as opening a survey does."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.admin_pages import as_a_browser_posts, change_url, signed_in_for_real, words
from tests.factories import (
    MentorFactory,
    ProgrammeFactory,
    QuestionFactory,
    SurveyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")


def survey_emails(mailoutbox, title) -> list[str]:
    return sorted(a for m in mailoutbox if title in m.subject for a in m.to)


@pytest.mark.parametrize(
    ("start", "change", "newly_asked"),
    [
        ({"audience": "mentors"}, {"audience": "both"}, ["bola@example.org", "olive@example.org"]),
        ({"pairs_only": True}, {"pairs_only": False}, ["una@example.org"]),
        (
            {"programme": "other"},
            {"programme": "cast"},
            [
                "bola@example.org",
                "maya@example.org",
                "olive@example.org",
                "omar@example.org",
                "una@example.org",
            ],
        ),
    ],
    ids=["mentors-to-both", "pairs-only-unticked", "moved-to-another-programme"],
)
def test_asking_more_or_other_people_in_an_open_survey_is_not_offered_and_emails_nobody(
    office, cast, mailoutbox, dispatch, start, change, newly_asked
):
    """The office edits an open survey nobody has answered yet: it changes the audience
    from mentors to mentors and board members (or unticks "only people in a pair", or moves
    it to another programme). The save went straight through, and on the reminders' next
    run every newly asked person was emailed "Survey open": people the office was never
    shown or asked about. An open survey keeps whom it asks: the fields are read-only, a
    forged post changes nothing, and nobody is emailed."""
    una = UserFactory(full_name="Una Unpaired", email="una@example.org")
    MentorFactory(programme=cast.programme, applicant=una)  # accepted, in no pair
    other = ProgrammeFactory(name="2027/28 cohort", slug="cohort-2")
    programmes = {"other": other, "cast": cast.programme}
    start = {k: programmes.get(v, v) if k == "programme" else v for k, v in start.items()}
    change = {k: programmes[v].pk if k == "programme" else v for k, v in change.items()}
    survey = SurveyFactory(**{"programme": cast.programme, **start}, title="Mid-point pulse")
    QuestionFactory(survey=survey)
    dispatch()  # those it asks now are told it is open
    mailoutbox.clear()
    url = change_url(survey)
    form = office.get(url)
    data = as_a_browser_posts(form)
    data.update({k: v for k, v in change.items() if v is not False})  # forged: not offered
    if change.get("pairs_only") is False:
        data.pop("pairs_only", None)

    office.post(url, data)
    dispatch()

    for name in change:
        assert f'name="{name}"' not in form.content.decode(), f"{name} is offered"
    assert survey_emails(mailoutbox, "Mid-point pulse") == []
    survey.refresh_from_db()
    assert all(getattr(survey, name) == value for name, value in start.items())


def test_moving_an_open_surveys_opening_earlier_does_not_send_survey_open_again(
    office, cast, mailoutbox, dispatch
):
    """A survey opened yesterday; everyone it asks got "Survey open" this morning. The
    office corrects its opening to a few days earlier (allowed: only a later opening is
    refused for an open survey), which saves at once, and the next run emails every one of
    them "Survey open: …" a second time: the reminder's key is its due day, the opening
    day, which the save moved. A reminder goes once (README, "A reminder is sent once");
    the survey did not open again, so nobody should be told again that it is open. An open
    survey's opening cannot move, earlier or later."""
    survey = SurveyFactory(programme=cast.programme, title="Mid-point pulse")
    QuestionFactory(survey=survey)
    dispatch()
    told = survey_emails(mailoutbox, "Mid-point pulse")
    assert told  # everyone it asks was told once
    mailoutbox.clear()
    url = change_url(survey)
    earlier = timezone.localtime(survey.opens_at - timedelta(days=3))
    data = as_a_browser_posts(office.get(url))
    data.update({"opens_at_0": f"{earlier:%Y-%m-%d}", "opens_at_1": f"{earlier:%H:%M:%S}"})

    page = office.post(url, data)
    dispatch()

    assert "so its opening cannot move" in words(page.content.decode())
    assert survey_emails(mailoutbox, "Mid-point pulse") == []


def test_narrowing_who_an_open_survey_asks_is_not_saved_without_a_word(
    office, cast, mailoutbox, dispatch
):
    """A survey for mentors and board members is open; everyone got "Survey open", and Bola
    (a board member) is on "Check your answers". The office changes its audience to mentors
    only: saved at once, no question asked. Bola presses "Submit my answers" and gets
    "This survey is for mentors" (403): what she typed is lost, and the email she got
    points to a page that turns her away. The change form already refuses moving an open
    survey's opening later for exactly this reason ("Those it asks were told it is open,
    and some may be halfway through: a later opening would shut them out with no word");
    narrowing the audience (or ticking "only people in a pair") shuts them out the same
    way and should be refused, or at least asked first naming who is shut out."""
    from evaluation.forms import SurveyForm
    from evaluation.models import Participation

    survey = SurveyFactory(programme=cast.programme, title="Mid-point pulse", audience="both")
    question = QuestionFactory(survey=survey)
    dispatch()
    assert "bola@example.org" in survey_emails(mailoutbox, "Mid-point pulse")
    client = Client()  # Bola's own browser; `office` is the coordinator's
    client.force_login(cast.board_member)
    answer_url = reverse("survey_answer", args=[survey.pk])
    checked = client.post(answer_url, {SurveyForm.name_for(question): "4", "action": "check"})
    seen = checked.context["seen"]
    url = change_url(survey)

    form = office.get(url)
    office.post(url, {**as_a_browser_posts(form), "audience": "mentors"})  # forged
    submitted = client.post(
        answer_url, {SurveyForm.name_for(question): "4", "action": "submit", "seen": seen}
    )

    assert 'name="audience"' not in form.content.decode()
    assert submitted.status_code == 302
    assert Participation.objects.filter(survey=survey, person=cast.board_member).exists()
    survey.refresh_from_db()
    assert survey.audience == "both"


def test_adding_the_first_question_to_an_open_survey_asks_before_it_emails_everyone(
    office, cast, mailoutbox, dispatch
):
    """A survey opened by the passing of its opening time, with no question yet, so nobody
    was emailed (README: "nobody is emailed about it until it has one"). The office adds
    its first question: the save goes straight through, and the next run emails all four
    people it asks "Survey open". This save is the one that emails them, so it should ask
    first and name them, as opening a survey now does."""
    survey = SurveyFactory(programme=cast.programme, title="Mid-point pulse")
    dispatch()
    assert survey_emails(mailoutbox, "Mid-point pulse") == []
    url = change_url(survey)
    data = as_a_browser_posts(office.get(url))
    data.update(
        {
            "questions-0-position": "0",
            "questions-0-text": "Our meetings are worth the time.",
            "questions-0-kind": "likert",
            "questions-0-required": "on",
        }
    )

    page = office.post(url, data)
    dispatch()

    emailed = survey_emails(mailoutbox, "Mid-point pulse")
    assert page.status_code == 200, f"saved at once, no confirmation; then emailed {emailed}"
    assert emailed == []
