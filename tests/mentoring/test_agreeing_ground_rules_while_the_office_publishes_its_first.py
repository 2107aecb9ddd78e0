"""A pair member agrees to the project's default ground rules (version 0, shown while the
programme has none of its own) at the moment the office publishes its first version: the
agreement is to the default text they read, never to the office's new text, which the pair
is then asked to agree to. On PostgreSQL, the publication started mid-agreement."""

import time

import pytest

from mentoring.models import GroundRulesAgreement
from mentoring.services import pairs as pairs_services
from mentoring.services.pairs import DEFAULT_GROUND_RULES
from tests.concurrency import needs_postgresql, started
from tests.factories import MatchFactory

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgresql]

OFFICE_RULES = "Office rules: what is said here stays here."


def test_an_agreement_to_the_default_is_to_the_default(monkeypatch):
    pair = MatchFactory(status="active")
    shown = pairs_services._was_shown
    other = {}

    def shown_while_the_office_publishes(latest, version):
        found = shown(latest, version)
        other["thread"], other["outcome"] = started(
            lambda: pairs_services.ground_rules_publish(
                programme=pair.programme, text=OFFICE_RULES, by=None
            )
        )
        time.sleep(1.0)  # long enough for the publication to reach its lock
        return found

    monkeypatch.setattr(pairs_services, "_was_shown", shown_while_the_office_publishes)
    agreement = pairs_services.ground_rules_agree(
        match=pair, person=pair.mentor.applicant, version=0
    )
    other["thread"].join(30)

    assert "error" not in other["outcome"], other["outcome"]
    agreed = GroundRulesAgreement.objects.select_related("rules").get(pk=agreement.pk).rules
    assert agreed.text == DEFAULT_GROUND_RULES
    published = other["outcome"]["result"]
    assert (published.version, published.text) == (agreed.version + 1, OFFICE_RULES)
