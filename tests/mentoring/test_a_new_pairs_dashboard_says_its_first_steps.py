"""A pair's card on the dashboard names the first steps the pair page asks of the person
(agree the ground rules, write the shared purpose) until they are taken, then the first
meeting; none of them once the person has asked to end the pairing, here or on the pair
page, nor with a partner whose account is switched off: the two can do nothing together, and
the pages say instead that the partner cannot sign in and whom to write to."""

import re

import pytest
from django.urls import reverse

from mentoring.models import PairRequest, PairRequestKind
from tests.admin_pages import words
from tests.cast import switch_off
from tests.factories import MeetingFactory, agree_ground_rules

pytestmark = pytest.mark.django_db

RULES = "agree the ground rules</a> (you both do, before your first meeting is logged)"
PURPOSE = "write your shared purpose</a>"


def next_steps(client, person) -> str:
    """The card's steps for the pair: its "Next:" line (the meeting to propose), then what
    is "Still to do together" (setting the pair up), as the programme page says them."""
    client.force_login(person)
    page = client.get(reverse("dashboard")).content.decode()
    found = [
        re.search(r"<strong>Next:</strong>(.*?)</p>", page, re.S),
        re.search(r"Still to do together with [^:]+:(.*?)</p>", page, re.S),
    ]
    return " ".join(each.group(1) for each in found if each)


def test_a_new_pair_is_told_to_agree_the_rules_and_write_the_purpose(client, cast):
    for person in (cast.mentor, cast.board_member):
        steps = next_steps(client, person)
        assert f'href="{reverse("match")}#rules-{cast.pair.pk}"' in steps
        assert RULES in steps
        assert f'href="{reverse("pair_purpose", args=[cast.pair.pk])}"' in steps
        assert PURPOSE in steps


def test_each_step_goes_once_the_person_has_taken_it(client, cast):
    agree_ground_rules(cast.pair, cast.mentor)  # the mentor only

    assert RULES not in next_steps(client, cast.mentor)
    assert RULES in next_steps(client, cast.board_member)  # theirs still to agree

    cast.pair.purpose = "Bola wants to hear how promotions feel from below."
    cast.pair.save(update_fields=["purpose"])

    # Both taken: what comes next is their first meeting.
    propose = f'<a href="{reverse("meeting_new", args=[cast.pair.pk])}">propose your first meeting'
    assert next_steps(client, cast.mentor).strip().startswith(propose)
    assert next_steps(client, cast.board_member).strip().startswith("<a")
    assert PURPOSE not in next_steps(client, cast.board_member)


def test_no_first_step_is_asked_of_someone_who_asked_to_end_the_pairing(client, cast):
    PairRequest.objects.create(
        match=cast.pair, raised_by=cast.mentor, kind=PairRequestKind.END, note=""
    )

    assert next_steps(client, cast.mentor) == ""
    assert RULES in next_steps(client, cast.board_member)  # their partner is not told
    # Nor does the pair page ask it of them.
    client.force_login(cast.mentor)
    pair_page = client.get(reverse("match")).content.decode()
    assert "Write your shared purpose" not in pair_page
    assert "You have not written a shared purpose together." in pair_page


def test_nothing_is_set_up_together_with_a_partner_who_cannot_sign_in(client, cast):
    switch_off(cast.board_member)
    switched_off = "Bola Board, whose account is switched off, is not emailed and cannot sign in"
    client.force_login(cast.mentor)

    dashboard = client.get(reverse("dashboard")).content.decode()
    pair_page = client.get(reverse("match")).content.decode()
    programme_page = client.get(reverse("programme_detail", args=["pilot"])).content.decode()

    assert next_steps(client, cast.mentor) == ""
    for page in (dashboard, pair_page, programme_page):
        assert reverse("pair_purpose", args=[cast.pair.pk]) not in page
        assert "Still to do together" not in page
        # What Maya can do instead is said where the step was.
        assert switched_off in words(page)
    assert "You have not written a shared purpose together." in pair_page
    # Nor are the ground rules offered to agree: both agree them, and Bola cannot.
    assert "I agree to these ground rules" not in pair_page


def test_another_pairs_steps_are_not_on_the_dashboard(client, cast):
    agree_ground_rules(cast.pair)

    steps = next_steps(client, cast.mentor)

    assert str(cast.other_pair.pk) not in re.findall(r"rules-(\d+)", steps)
    assert reverse("pair_purpose", args=[cast.other_pair.pk]) not in steps


def test_a_proposal_to_answer_comes_before_setting_up_on_the_dashboard_as_elsewhere(client, cast):
    MeetingFactory(
        match=cast.pair, status="proposed", proposed_by=cast.board_member, confirmed_at=None
    )
    client.force_login(cast.mentor)

    card = client.get(reverse("dashboard")).content.decode()
    dashboard = words(card)
    programme = words(client.get(reverse("programme_detail", args=["pilot"])).content.decode())

    assert "<strong>Next:</strong>" not in card  # neither setting up nor a meeting to propose
    assert "1 proposed meeting waiting for your answer" in dashboard
    # Said after the proposal, as on the programme page.
    assert dashboard.index("waiting for your answer") < dashboard.index("Still to do together")
    assert "Next: answer Bola Board's proposal to meet on" in programme
    for page in (dashboard, programme):
        assert "Still to do together with Bola: agree the ground rules" in page


def test_ones_own_proposal_waiting_leaves_setting_up_to_do_meanwhile(client, cast):
    MeetingFactory(match=cast.pair, status="proposed", proposed_by=cast.mentor, confirmed_at=None)
    client.force_login(cast.mentor)

    programme = words(client.get(reverse("programme_detail", args=["pilot"])).content.decode())

    assert "You proposed to meet on" in programme
    assert "nothing for now" not in programme
    assert "Still to do together with Bola: agree the ground rules" in programme
    assert PURPOSE.replace("</a>", "") in words(next_steps(client, cast.mentor))
