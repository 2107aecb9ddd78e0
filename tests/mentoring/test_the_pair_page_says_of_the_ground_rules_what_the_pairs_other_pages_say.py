"""The pair page reads the ground rules in force, and the version each of the two agreed, with
the person's pairs (`pairs_for`); the pages of one pair (`pair_view`: planning the year, a
meeting) read them with that pair alone. In each state the rules can be in, both say the same:
which version is shown, its text, who agreed it, and whether meetings may be logged yet."""

import pytest

from mentoring.models import GroundRules
from mentoring.models.pairs import DEFAULT_GROUND_RULES
from mentoring.selectors.pairs import pair_view, pairs_for
from mentoring.services.pairs import ground_rules_publish
from tests.factories import agree_ground_rules

pytestmark = pytest.mark.django_db

SAID = (
    "rules_version",
    "rules_text",
    "my_agreed_version",
    "partner_agreed_version",
    "i_agreed_current",
    "i_agreed_earlier",
    "partner_agreed_current",
    "i_agreed_any",
    "both_agreed_any",
)


def nothing_published(cast):
    pass


def the_mentor_agreed_the_default(cast):
    agree_ground_rules(cast.pair, cast.mentor)


def both_agreed_the_default(cast):
    agree_ground_rules(cast.pair)


def the_office_published_since_both_agreed(cast):
    agree_ground_rules(cast.pair)
    ground_rules_publish(programme=cast.programme, text="We meet off site.", by=None)


def the_board_member_agreed_the_newest(cast):
    agree_ground_rules(cast.pair)
    ground_rules_publish(programme=cast.programme, text="We meet off site.", by=None)
    agree_ground_rules(cast.pair, cast.board_member)


STATES = [
    nothing_published,
    the_mentor_agreed_the_default,
    both_agreed_the_default,
    the_office_published_since_both_agreed,
    the_board_member_agreed_the_newest,
]


@pytest.mark.parametrize("state", STATES, ids=lambda state: state.__name__)
@pytest.mark.parametrize("role", ["mentor", "board_member"])
def test_the_pair_page_says_what_the_pairs_own_pages_say(cast, state, role):
    state(cast)
    person = getattr(cast, role)

    (on_the_pair_page,) = pairs_for(person)
    on_its_own_pages = pair_view(cast.pair, person)

    assert {name: getattr(on_the_pair_page, name) for name in SAID} == {
        name: getattr(on_its_own_pages, name) for name in SAID
    }
    assert on_the_pair_page.rules == on_its_own_pages.rules


def test_the_rules_read_with_the_pair_are_the_newest_and_read_the_rest_when_asked(
    cast, django_assert_num_queries
):
    ground_rules_publish(programme=cast.programme, text="First rules.", by=None)
    newest = ground_rules_publish(programme=cast.programme, text="Second rules.", by=cast.superuser)

    (pair,) = pairs_for(cast.mentor)

    with django_assert_num_queries(0):
        assert (pair.rules.pk, pair.rules.version, pair.rules.text) == (
            newest.pk,
            2,
            "Second rules.",
        )
        assert pair.rules.created_at == newest.created_at
        assert pair.rules_text != DEFAULT_GROUND_RULES
    with django_assert_num_queries(1):  # who published them: not read with the pair
        assert pair.rules.created_by == cast.superuser
    assert pair.rules == GroundRules.objects.get(programme=cast.programme, version=2)
