"""The pair pages' reads (`pairs_for`) hand each meeting and action step of a pair its pair, as
read with the pairs: asking a row for its pair reads nothing more. They cache it
as a prefetch does (the key's `set_cached_value`): fails if Django's field cache changes."""

from mentoring.selectors.pairs import pairs_for
from tests.factories import ActionStepFactory, MeetingFactory, agree_ground_rules


def test_each_row_read_with_the_pairs_knows_its_pair_unasked(cast, django_assert_num_queries):
    meeting = MeetingFactory(match=cast.pair, proposed_by=cast.mentor)
    ActionStepFactory(meeting=meeting)
    agree_ground_rules(cast.pair)
    (pair,) = pairs_for(cast.mentor)
    rows = [*pair.meetings, *pair.actions]
    assert len(rows) == 2  # the meeting, the step

    with django_assert_num_queries(0):
        assert all(row.match is pair.match for row in rows)
        assert all(row.match_id == cast.pair.pk for row in rows)
