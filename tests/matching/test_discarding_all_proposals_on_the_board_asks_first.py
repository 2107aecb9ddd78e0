""" "Discard all proposals" on the match board took a whole programme's open proposals, with
their scores and reasons, in one click, unasked; "Propose an optimal assignment" replaced
them unasked too. Both now ask first on the page the list of pairs' "Discard the selected
proposals…" shows (`matching.views.confirm_discard`), naming each proposal, and "Yes" acts
only on those it named: one proposed or accepted meanwhile is left alone, and named. The
assignment asks only when it would discard something; proposing emails nobody."""

import pytest
from django.urls import reverse

from mentoring.models import Match, MatchStatus
from tests.admin_pages import confirmed, signed_in_for_real, words
from tests.cast import a_proposal
from tests.factories import MatchFactory
from tests.matching.board import accept, board_url, messages_shown

pytestmark = pytest.mark.django_db

# Carmen, through the real sign-in: password, then her authenticator code. The other tests
# use tests/matching/conftest.py's `office` (force_login) and its people.
office_for_real = signed_in_for_real("coordinator")


def test_discard_all_proposals_on_the_board_asks_first_naming_each(office_for_real, cast):
    first = a_proposal(cast, "Priya Patel", "Grace Okafor")
    second = a_proposal(cast, "Tom Tran", "Harold Hughes")
    url = reverse("admin:matching_board_discard", args=[cast.programme.pk])

    page = office_for_real.post(url, {"shown": [first.pk, second.pk]})

    assert set(Match.objects.proposed()) == {first, second}, "discarded without asking"
    assert page.status_code == 200
    said = words(page.content.decode())
    assert "Discard 2 proposals?" in said
    assert f"{first}: {cast.programme}" in said
    assert f"{second}: {cast.programme}" in said
    assert "Nobody is emailed" in said

    done = office_for_real.post(url, confirmed(page), follow=True)

    assert not Match.objects.proposed().exists()
    assert Match.objects.get(pk=cast.pair.pk).status == MatchStatus.ACTIVE
    assert messages_shown(done) == ["2 proposals discarded."]


def test_yes_leaves_and_names_a_proposal_made_since_the_page_was_shown(office, programme, people):
    shown = MatchFactory(mentor=people["priya"], board_member=people["grace"])
    page = office.post(board_url(programme, "discard"))
    since = MatchFactory(mentor=people["tom"], board_member=people["harold"])  # a colleague's

    done = office.post(board_url(programme, "discard"), confirmed(page), follow=True)

    assert list(Match.objects.proposed()) == [since]
    assert not Match.objects.filter(pk=shown.pk).exists()
    assert messages_shown(done) == [
        "1 proposal discarded.",
        f"Left as it was, proposed since that page was shown: {since}.",
    ]


def test_yes_leaves_a_proposal_accepted_meanwhile_and_says_so(office, programme, people):
    accepted = MatchFactory(mentor=people["priya"], board_member=people["grace"])
    other = MatchFactory(mentor=people["tom"], board_member=people["harold"])
    page = office.post(board_url(programme, "discard"))
    accept(office, programme, accepted, follow=True)  # in another tab

    done = office.post(board_url(programme, "discard"), confirmed(page), follow=True)

    assert Match.objects.get(pk=accepted.pk).status == MatchStatus.ACTIVE
    assert not Match.objects.filter(pk=other.pk).exists()
    assert messages_shown(done) == [
        "1 proposal discarded.",
        "1 other proposal that page named is no longer open (accepted, discarded or replaced "
        "since): nothing was done to it.",
    ]


def test_discard_all_with_no_open_proposal_changes_nothing_and_says_so(office, programme):
    done = office.post(board_url(programme, "discard"), follow=True)

    assert messages_shown(done) == ["There are no open proposals: nothing was changed."]


def test_one_proposal_s_own_discard_button_still_discards_it_at_once(office, programme, people):
    chosen = MatchFactory(mentor=people["priya"], board_member=people["grace"])
    kept = MatchFactory(mentor=people["tom"], board_member=people["harold"])

    done = office.post(board_url(programme, "discard"), {"match": chosen.pk}, follow=True)

    assert list(Match.objects.proposed()) == [kept]
    assert messages_shown(done) == ["1 proposal discarded."]


def test_an_optimal_assignment_that_would_discard_proposals_asks_first_naming_them(
    office, programme, priya, tom, grace, harold, mailoutbox
):
    earlier = MatchFactory(mentor=priya, board_member=grace)

    page = office.post(board_url(programme, "optimal"))

    assert page.status_code == 200
    assert list(Match.objects.all()) == [earlier], "replaced without asking"
    said = words(page.content.decode())
    assert "Discard 1 proposal and propose an optimal assignment?" in said
    assert f"{earlier}: {programme}" in said
    assert 'value="Yes, discard 1 proposal and propose"' in page.content.decode()

    done = office.post(board_url(programme, "optimal"), confirmed(page), follow=True)

    assert not Match.objects.filter(pk=earlier.pk).exists()
    assert messages_shown(done) == [
        "Optimal assignment proposed: 2 pairs, total score 152. Accept them all, or one by one."
    ]
    assert mailoutbox == []


def test_yes_on_an_optimal_assignment_keeps_a_proposal_made_since_and_names_it(
    office, programme, priya, tom, grace, harold
):
    earlier = MatchFactory(mentor=priya, board_member=harold)
    page = office.post(board_url(programme, "optimal"))
    since = MatchFactory(mentor=tom, board_member=grace)  # a colleague's

    done = office.post(board_url(programme, "optimal"), confirmed(page), follow=True)

    assert set(Match.objects.proposed()) == {earlier, since}
    assert any(str(since) in said for said in messages_shown(done))


def test_an_optimal_assignment_with_no_open_proposal_proposes_at_once_emailing_nobody(
    office, programme, priya, tom, grace, harold, mailoutbox
):
    response = office.post(board_url(programme, "optimal"))

    assert response.status_code == 302
    assert Match.objects.proposed().count() == 2
    assert mailoutbox == []
