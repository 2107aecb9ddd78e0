"""Ground rules come in versions. Maya and Bola each agree to the version they were shown;
when the programme office publishes a new one they are asked to agree again, and meanwhile
they can go on logging their meetings."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import GroundRules, GroundRulesAgreement
from mentoring.models.pairs import DEFAULT_GROUND_RULES
from mentoring.services.matches import match_end
from mentoring.services.pairs import PairError, ground_rules_agree, ground_rules_publish
from tests.factories import MeetingFactory, ProgrammeFactory, agree_ground_rules

pytestmark = pytest.mark.django_db

NEW_RULE = "We meet somewhere neither of us manages."
CHANGED = "The programme office has changed the ground rules since you agreed."
STALE = "The ground rules changed while you were reading them."


def _agree(client, pair, version):
    return client.post(
        reverse("pair_rules_agree", args=[pair.pk]), {"version": str(version)}, follow=True
    )


def _shown_version(page: str) -> str:
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def _versions(pair, person):
    return sorted(
        GroundRulesAgreement.objects.filter(match=pair, person=person).values_list(
            "rules__version", flat=True
        )
    )


def test_a_new_pair_is_shown_the_default_rules_and_each_agreement_is_recorded(client, cast):
    client.force_login(cast.mentor)

    page = client.get(reverse("match")).content.decode()
    assert "Both of you agree the ground rules before your first meeting is logged." in page
    assert "Version 1" in page
    assert DEFAULT_GROUND_RULES.splitlines()[0][2:40] in page

    response = _agree(client, cast.pair, _shown_version(page))

    page = response.content.decode()
    assert "You have agreed the ground rules." in page
    assert "You agreed to this version." in page
    assert "Bola has not agreed to this version yet." in page
    agreement = GroundRulesAgreement.objects.get(match=cast.pair)
    assert agreement.person == cast.mentor
    assert agreement.rules.version == 1
    assert agreement.rules.text == DEFAULT_GROUND_RULES
    assert timezone.now() - agreement.agreed_at < timedelta(minutes=1)


def test_a_new_version_asks_the_pair_to_agree_again(client, cast):
    agree_ground_rules(cast.pair)

    rules = ground_rules_publish(
        programme=cast.programme, text=f"{NEW_RULE}\n\n", by=cast.coordinator
    )

    assert (rules.version, rules.text, rules.created_by) == (2, NEW_RULE, cast.coordinator)
    client.force_login(cast.mentor)
    page = client.get(reverse("match")).content.decode()
    assert NEW_RULE in page
    assert "Version 2" in page
    assert CHANGED in page
    assert 'name="version" value="2"' in page
    assert "Bola has not agreed to this version yet." in page


def test_one_who_agreed_is_told_the_rules_changed_before_their_partner_agreed_any(client, cast):
    """Maya agreed version 1; Bola had not agreed yet when version 2 came: Maya is asked
    again, told why, and that no meeting is logged until both agree."""
    agree_ground_rules(cast.pair, cast.mentor)
    ground_rules_publish(programme=cast.programme, text=NEW_RULE, by=cast.coordinator)
    client.force_login(cast.mentor)

    page = " ".join(client.get(reverse("match")).content.decode().split())

    assert f"{CHANGED} Read this version and agree again." in page
    assert "Both of you agree the ground rules before your first meeting is logged." in page
    assert "you can still log meetings meanwhile" not in page


def test_one_who_never_agreed_is_not_told_the_rules_changed_since_they_agreed(client, cast):
    agree_ground_rules(cast.pair, cast.mentor)
    ground_rules_publish(programme=cast.programme, text=NEW_RULE, by=cast.coordinator)
    client.force_login(cast.board_member)

    page = " ".join(client.get(reverse("match")).content.decode().split())

    assert CHANGED not in page
    assert "Both of you agree the ground rules before your first meeting is logged." in page


def test_agreeing_to_the_new_version_keeps_the_old_agreement(client, cast):
    agree_ground_rules(cast.pair)
    ground_rules_publish(programme=cast.programme, text=NEW_RULE, by=cast.coordinator)
    client.force_login(cast.mentor)

    page = _agree(client, cast.pair, 2).content.decode()

    assert "You agreed to this version." in page
    assert CHANGED not in page
    assert _versions(cast.pair, cast.mentor) == [1, 2]
    assert _versions(cast.pair, cast.board_member) == [1]
    assert GroundRules.objects.filter(programme=cast.programme).count() == 2


def test_both_can_agree_to_the_default_rules_from_pages_opened_at_the_same_time(client, cast):
    bola = client.__class__()
    client.force_login(cast.mentor)
    bola.force_login(cast.board_member)
    maya_saw = _shown_version(client.get(reverse("match")).content.decode())
    bola_saw = _shown_version(bola.get(reverse("match")).content.decode())

    _agree(client, cast.pair, maya_saw)
    page = _agree(bola, cast.pair, bola_saw).content.decode()

    assert "You have agreed the ground rules." in page
    assert _versions(cast.pair, cast.mentor) == [1]
    assert _versions(cast.pair, cast.board_member) == [1]
    assert GroundRules.objects.get(programme=cast.programme).text == DEFAULT_GROUND_RULES


def test_agreeing_twice_to_the_same_version_records_it_once(client, cast):
    client.force_login(cast.board_member)

    response = _agree(
        client, cast.pair, _shown_version(client.get(reverse("match")).content.decode())
    )
    assert 'name="version"' not in response.content.decode()
    _agree(client, cast.pair, 1)

    assert _versions(cast.pair, cast.board_member) == [1]


def test_agreeing_to_a_version_that_has_since_been_replaced_is_refused(client, cast):
    agree_ground_rules(cast.pair, cast.mentor)
    client.force_login(cast.board_member)
    shown = _shown_version(client.get(reverse("match")).content.decode())
    # While Bola reads version 1, the programme office publishes version 2.
    ground_rules_publish(programme=cast.programme, text=NEW_RULE, by=cast.coordinator)

    page = _agree(client, cast.pair, shown).content.decode()

    assert STALE in page
    assert NEW_RULE in page
    assert _versions(cast.pair, cast.board_member) == []


def test_agreeing_to_the_default_after_the_office_wrote_its_own_first_version_is_refused(
    client, cast
):
    """Bola is shown the project's default; meanwhile the office publishes its own text as
    version 1. Her click must not record her agreeing to words she never saw."""
    client.force_login(cast.board_member)
    shown = _shown_version(client.get(reverse("match")).content.decode())
    first = ground_rules_publish(programme=cast.programme, text=NEW_RULE, by=cast.coordinator)
    assert first.version == 1

    page = _agree(client, cast.pair, shown).content.decode()

    assert STALE in page
    assert NEW_RULE in page
    assert not GroundRulesAgreement.objects.filter(match=cast.pair).exists()


def test_the_service_refuses_a_stale_version_and_an_ended_pair(cast):
    agree_ground_rules(cast.pair)
    ground_rules_publish(programme=cast.programme, text=NEW_RULE, by=cast.coordinator)

    with pytest.raises(PairError, match="changed while you were reading"):
        ground_rules_agree(match=cast.pair, person=cast.mentor, version=1)
    assert ground_rules_agree(match=cast.pair, person=cast.mentor, version=2).rules.text == NEW_RULE

    assert match_end(match=cast.pair, reason="completed")
    cast.pair.refresh_from_db()
    with pytest.raises(PairError, match="has ended"):
        ground_rules_agree(match=cast.pair, person=cast.board_member, version=2)
    assert _versions(cast.pair, cast.board_member) == [1]


def test_the_pair_can_still_log_meetings_before_agreeing_to_the_new_version(client, cast):
    agree_ground_rules(cast.pair)
    ground_rules_publish(programme=cast.programme, text=NEW_RULE, by=cast.coordinator)
    meeting = MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(hours=1))
    client.force_login(cast.board_member)

    assert (
        reverse("meeting_log", args=[meeting.pk]) in client.get(reverse("match")).content.decode()
    )
    response = client.post(
        reverse("meeting_log", args=[meeting.pk]),
        {
            "held": "yes",
            "actual_minutes": "45",
            "note": "Good first meeting",
            "action-TOTAL_FORMS": "3",
            "action-INITIAL_FORMS": "0",
        },
        follow=True,
    )

    assert "The meeting is logged." in response.content.decode()
    meeting.refresh_from_db()
    assert (meeting.status, meeting.actual_minutes) == ("held", 45)


def test_versions_are_numbered_per_programme(cast):
    other = ProgrammeFactory()
    ground_rules_publish(programme=cast.programme, text="One", by=None)
    ground_rules_publish(programme=cast.programme, text="Two", by=None)

    assert ground_rules_publish(programme=other, text="First", by=None).version == 1
    assert ground_rules_publish(programme=cast.programme, text="Three", by=None).version == 3
