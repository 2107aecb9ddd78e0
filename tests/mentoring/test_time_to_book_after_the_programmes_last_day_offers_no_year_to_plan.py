"""A programme past its last day (`ends_on`) that the office has not closed still runs: the
pair's page still says a meeting is due, so "time to book" still comes. "Plan the year"
offers no date after the last day (`planned_times`), so the nudge no longer offers it:
only proposing a time."""

from datetime import timedelta

import pytest
from django.urls import reverse

from mentoring.models import Programme
from tests.admin_pages import words
from tests.winter import MONDAY

pytestmark = pytest.mark.django_db

PLAN = "plan the year in one go"


def nudge_to_maya(mailoutbox):
    (mail,) = [
        m for m in mailoutbox if m.to == ["maya@example.org"] and "Time to book" in m.subject
    ]
    return " ".join(mail.body.split()), " ".join(mail.alternatives[0][0].split())


def ending(cast, ends_on):
    Programme.objects.filter(pk=cast.programme.pk).update(
        starts_on=MONDAY.date() - timedelta(days=300), ends_on=ends_on
    )


def test_after_the_last_day_the_nudge_comes_without_the_offer_to_plan_the_year(
    cast, met_six_weeks_ago, dispatch, mailoutbox, maya
):
    ending(cast, MONDAY.date() - timedelta(days=1))
    assert "Your next meeting is due by" in words(maya.get(reverse("match")).content.decode())

    dispatch()

    text, html = nudge_to_maya(mailoutbox)
    assert "no meeting is booked yet" in text
    assert PLAN not in text
    assert PLAN not in html
    assert "Propose a time:" in text
    assert ">Propose a time</a>" in html


def test_before_the_last_day_the_nudge_offers_to_plan_the_year(
    cast, met_six_weeks_ago, dispatch, mailoutbox
):
    ending(cast, MONDAY.date() + timedelta(days=60))

    dispatch()

    text, html = nudge_to_maya(mailoutbox)
    assert f"Propose a time, or {PLAN}:" in text
    assert f">Propose a time, or {PLAN}</a>" in html
