"""A survey "closes after 16 December (end of the day)": it is stored as closing at midnight
starting the 17th, and everywhere a person reads it, it says the 16th, end of the day, in
the programme's time zone: the office's list, change form and results, the survey pages
people answer, and the emails that name the close date."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from evaluation.models import Survey, start_of_day_after
from mentoring.reminders import reminders_dispatch
from tests.admin_pages import as_a_browser_posts, change_url, rows, signed_in_for_real, words
from tests.factories import QuestionFactory, SurveyFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
office = signed_in_for_real("coordinator")


def last_day() -> date:
    return timezone.localdate() + timedelta(days=16)


def long(day: date) -> str:
    return f"{day.day} {day:%B %Y}, end of the day"


def with_weekday(day: date) -> str:
    return f"{day:%A} {long(day)}"


def from_template(client, cast) -> Survey:
    opens_on = timezone.localdate() + timedelta(days=2)
    client.post(
        reverse("admin:evaluation_survey_from_template"),
        {
            "programme": cast.programme.pk,
            "template": "pilot",
            "opens_on": opens_on.isoformat(),
            "closes_on": last_day().isoformat(),
        },
    )
    return Survey.objects.get()


def save_change_form(client, url, **changes):
    return client.post(url, as_a_browser_posts(client.get(url)) | changes)


def test_the_list_says_the_last_day(office, cast):
    from_template(office, cast)

    [row] = rows(office.get(reverse("admin:evaluation_survey_changelist")))

    assert row["closes"] == f"{last_day().day} {last_day():%b %Y}, end of the day"


def test_the_change_form_edits_the_last_day(office, cast):
    survey = from_template(office, cast)
    page = office.get(change_url(survey)).content.decode()
    assert f'name="closes_at" value="{last_day().isoformat()}"' in page
    assert "Closes after" in page
    stored = survey.closes_at

    untouched = save_change_form(office, change_url(survey))
    survey.refresh_from_db()
    assert untouched.status_code == 302
    assert survey.closes_at == stored

    later = last_day() + timedelta(days=3)
    moved = save_change_form(office, change_url(survey), closes_at=later.isoformat())
    survey.refresh_from_db()
    assert moved.status_code == 302
    assert survey.closes_at == start_of_day_after(later)
    assert survey.last_day == later


def test_a_survey_closing_during_a_day_keeps_its_time_when_saved_untouched(office, cast):
    closes = datetime.combine(last_day(), datetime.min.time().replace(hour=17), tzinfo=LONDON)
    survey = SurveyFactory(programme=cast.programme, closes_at=closes)
    QuestionFactory(survey=survey)

    assert save_change_form(office, change_url(survey)).status_code == 302
    survey.refresh_from_db()
    assert survey.closes_at == closes
    # 16 days ahead falls in summer time for half the year: 17:00 BST then, GMT in winter.
    zone = closes.tzname()
    assert survey.closes_in_words() == f"{last_day().day} {last_day():%B %Y} at 17:00 {zone}"


def test_the_results_page_says_the_last_day(office, cast):
    survey = from_template(office, cast)
    Survey.objects.filter(pk=survey.pk).update(opens_at=timezone.now() - timedelta(hours=1))

    page = words(
        office.get(reverse("admin:evaluation_survey_results", args=[survey.pk])).content.decode()
    )

    assert f"to {long(last_day())}." in page
    assert f"Results are shown once the survey closes ({long(last_day())})" in page


def test_the_survey_pages_people_answer_say_the_last_day(client, cast):
    survey = SurveyFactory(
        programme=cast.programme,
        opens_at=timezone.now() - timedelta(hours=1),
        closes_at=start_of_day_after(last_day()),
    )
    QuestionFactory(survey=survey)
    client.force_login(cast.mentor)
    answer_url = reverse("survey_answer", args=[survey.pk])

    assert f"open until {with_weekday(last_day())}" in words(
        client.get(reverse("surveys")).content.decode()
    )
    assert f"open until {with_weekday(last_day())}" in words(
        client.get(answer_url).content.decode()
    )

    Survey.objects.filter(pk=survey.pk).update(opens_at=timezone.now() + timedelta(days=1))
    assert f"closes on {with_weekday(last_day())}." in words(
        client.get(answer_url).content.decode()
    )

    yesterday = timezone.localdate() - timedelta(days=1)
    opened = timezone.now() - timedelta(days=9)
    Survey.objects.filter(pk=survey.pk).update(
        # Asking from its opening (as beat kept it): one that never asked is shown to nobody.
        opens_at=opened,
        closes_at=start_of_day_after(yesterday),
        asked_at=opened,
    )
    assert f"This survey closed on {with_weekday(yesterday)}," in words(
        client.get(answer_url).content.decode()
    )
    assert f"closed on {long(yesterday)}" in words(client.get(reverse("surveys")).content.decode())


def test_the_emails_say_the_last_day(cast, mailoutbox, django_capture_on_commit_callbacks):
    # Open from Monday 7 June 2027; its last day is Monday 21 June.
    survey = SurveyFactory(
        programme=cast.programme,
        title="Pilot evaluation",
        opens_at=datetime(2027, 6, 7, tzinfo=LONDON),
        closes_at=start_of_day_after(date(2027, 6, 21)),
    )
    QuestionFactory(survey=survey)

    def dispatch(now):
        with (
            time_machine.travel(now, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            reminders_dispatch()
        mail = next(m for m in mailoutbox if "Pilot evaluation" in m.subject)
        mailoutbox.clear()
        return mail

    opening = dispatch(datetime(2027, 6, 7, 8, tzinfo=LONDON))
    assert opening.subject == (
        "Survey open: Pilot evaluation (anonymous, until 21 June, end of the day)"
    )
    for body in (opening.body, opening.alternatives[0][0]):
        assert "Monday 21 June 2027, end of the day" in words(body)

    closing = dispatch(datetime(2027, 6, 19, 8, tzinfo=LONDON))
    assert closing.subject == "Closes Monday 21 June, end of the day: Pilot evaluation (anonymous)"
    for body in (closing.body, closing.alternatives[0][0]):
        assert "closes on Monday 21 June 2027, end of the day" in words(body)


def test_the_programme_report_says_the_last_day(client, cast):
    survey = SurveyFactory(
        programme=cast.programme,
        title="Closing pulse",
        opens_at=timezone.now() - timedelta(hours=1),
        closes_at=start_of_day_after(last_day()),
    )
    QuestionFactory(survey=survey)
    client.force_login(cast.coordinator)

    page = client.get(reverse("programme_report", args=[cast.programme.slug])).content.decode()

    assert f"open until {long(last_day())}: results once it has closed" in words(page)
