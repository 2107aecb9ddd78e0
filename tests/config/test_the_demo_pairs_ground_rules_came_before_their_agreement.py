"""The demo's ground rules are dated before its pairs agreed to them, not the day of seeding."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from mentoring.models import GroundRules, GroundRulesAgreement, Match, Meeting, MeetingStatus

pytestmark = pytest.mark.django_db
DEMO_MENTOR = "amara.okafor@example.org"
DEMO_PASSWORD = "demo-mentoring-2026"


def test_the_demo_pairs_ground_rules_existed_before_they_agreed_to_them(settings, client):
    """The demo pairs agreed to their ground rules the day after they were paired, months ago,
    and met afterwards; the ground rules they agreed to are dated the day the demo was
    seeded, so the pair page reads "Version 1, <today>. You agreed to this version." for a
    pair that has met since August."""
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())

    for agreement in GroundRulesAgreement.objects.select_related("rules"):
        assert agreement.rules.created_at <= agreement.agreed_at, (
            f"agreed on {agreement.agreed_at:%d %B %Y} to rules written on "
            f"{agreement.rules.created_at:%d %B %Y}"
        )

    pair = Match.objects.get(mentor__applicant__email=DEMO_MENTOR)
    first_held = (
        Meeting.objects.filter(match=pair, status=MeetingStatus.HELD).order_by("starts_at").first()
    )
    rules = GroundRules.objects.get(programme=pair.programme, version=1)
    client.post(reverse("account_login"), {"login": DEMO_MENTOR, "password": DEMO_PASSWORD})
    page = client.get(reverse("match")).content.decode()
    assert f"Version 1, {timezone.localtime(rules.created_at):%-d %B %Y}." in page
    assert rules.created_at < first_held.starts_at
