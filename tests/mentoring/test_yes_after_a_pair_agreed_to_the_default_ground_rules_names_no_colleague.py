"""The programme has no ground rules written: Carmen writes the office's own and is asked to
publish them as version 1. Meanwhile Maya agrees to the default rules her pair page showed,
which records them as version 1 by nobody (`ground_rules_current`). Carmen's "Yes" publishes
nothing over them and says what happened: not that a colleague published version 1, as
nobody in the office did. Carmen signs in for real: password, then her authenticator code."""

import pytest
from django.urls import reverse

from mentoring.models import GroundRules
from mentoring.models.pairs import DEFAULT_GROUND_RULES
from mentoring.services.pairs import ground_rules_agree
from tests.admin_pages import confirmed, messages_shown, signed_in_for_real

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")

RULES_ADD = reverse("admin:mentoring_groundrules_add")
OURS = "Our own ground rules"


def test_yes_after_a_pair_agreed_to_the_default_says_the_default_was_recorded(office, cast):
    page = office.post(RULES_ADD, {"programme": cast.programme.pk, "text": OURS})
    assert 'value="Yes, publish version 1' in page.content.decode()
    ground_rules_agree(match=cast.pair, person=cast.mentor, version=0)

    response = office.post(RULES_ADD, confirmed(page))

    assert list(GroundRules.objects.values_list("version", "text")) == [(1, DEFAULT_GROUND_RULES)]
    assert messages_shown(response) == [
        "The default ground rules were recorded as version 1 meanwhile, when a pair agreed "
        "to them, so yours were not published. If yours should replace them, publish them "
        "as version 2 below; if not, go back."
    ]
    assert 'value="Yes, publish version 2' in response.content.decode()


def test_the_default_text_published_by_a_colleague_is_still_theirs(office, cast):
    """The same words, published by someone in the office: a colleague did publish them."""
    page = office.post(RULES_ADD, {"programme": cast.programme.pk, "text": OURS})
    GroundRules.objects.create(
        programme=cast.programme, version=1, text=DEFAULT_GROUND_RULES, created_by=cast.superuser
    )

    response = office.post(RULES_ADD, confirmed(page))

    assert messages_shown(response)[0].startswith("A colleague published version 1 meanwhile")
