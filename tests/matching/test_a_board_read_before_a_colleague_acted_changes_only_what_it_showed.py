"""Two coordinators work on one board. A button pressed on a page read before a colleague
acted does only what that page showed: "Yes" on proposals accepted or discarded meanwhile
says nothing was confirmed; "Discard all proposals" and "Propose an optimal assignment" ask
first on a page naming every proposal they would discard, one made since the board was read
included, and withdraw none on "Yes" that that page did not name
(tests/matching/test_discarding_all_proposals_on_the_board_asks_first.py)."""

import re

import pytest

from mentoring.models import Match
from tests.admin_pages import confirmed
from tests.factories import MatchFactory
from tests.matching.board import board_url, messages_shown

pytestmark = pytest.mark.django_db


def form_posting_to(page: str, action: str, button: str) -> dict:
    """The hidden fields of the form on `page` that posts to `action` with `button`, as the
    browser would send them."""
    for form in re.findall(r"<form[^>]*>.*?</form>", page, re.S):
        if f'action="{action}"' in form and button in form:
            fields = {}
            for name, value in re.findall(
                r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form
            ):
                if name != "csrfmiddlewaretoken":
                    fields.setdefault(name, []).append(value)
            return fields
    raise AssertionError(f"no form with {button!r} posting to {action}")


def test_yes_on_proposals_discarded_meanwhile_says_nothing_was_confirmed(
    office, programme, priya, grace, mailoutbox
):
    shown = MatchFactory(mentor=priya, board_member=grace)
    page = office.post(board_url(programme, "accept"))
    Match.objects.filter(pk=shown.pk).delete()  # discarded in another tab

    response = office.post(board_url(programme, "accept"), confirmed(page), follow=True)

    assert messages_shown(response) == [
        "Nothing was confirmed and nobody was emailed: the proposals that page named are no "
        "longer open (accepted, discarded or replaced since)."
    ]
    assert mailoutbox == []


def test_discard_all_names_a_proposal_made_since_the_board_was_read(office, programme, people):
    seen = MatchFactory(mentor=people["priya"], board_member=people["grace"])
    board = office.get(board_url(programme)).content.decode()
    assert f'id="proposal-{seen.pk}"' in board
    later = MatchFactory(mentor=people["tom"], board_member=people["harold"])  # a colleague's

    form = form_posting_to(board, board_url(programme, "discard"), "Discard all proposals")
    page = office.post(board_url(programme, "discard"), form)

    assert set(Match.objects.proposed()) == {seen, later}
    assert [item["name"] for item in page.context["changed"]] == [str(seen), str(later)]


def test_an_optimal_assignment_from_a_board_read_before_names_a_colleagues_proposal_first(
    office, programme, priya, tom, grace, harold
):
    board = office.get(board_url(programme)).content.decode()
    colleague = MatchFactory(mentor=tom, board_member=grace)  # one the assignment would not make

    form = form_posting_to(board, board_url(programme, "optimal"), "Propose an optimal assignment")
    page = office.post(board_url(programme, "optimal"), form)

    assert list(Match.objects.proposed()) == [colleague]
    assert [item["name"] for item in page.context["changed"]] == [str(colleague)]
