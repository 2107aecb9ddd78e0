"""A closed programme's board no longer offers candidates: nobody is proposed or paired in it
any more, so the board members still waiting when it closed are named, with no mentor, score
or reason beside them."""

from datetime import timedelta

import pytest
import time_machine

from mentoring.models import EndReason, Programme, ProgrammeStatus
from mentoring.services.matches import match_end
from tests.cast import switch_off
from tests.factories import BoardMemberFactory, closed_now
from tests.matching.board import board_url, words

pytestmark = pytest.mark.django_db


def close(programme):
    Programme.objects.filter(pk=programme.pk).update(**closed_now())


def test_a_closed_programmes_board_names_who_was_left_unmatched_without_candidates(
    office, programme, priya, grace
):
    close(programme)

    text = words(office.get(board_url(programme)).content.decode())

    assert "Left unmatched when it closed (1)" in text
    assert "Grace Okafor" in text
    assert "Still to be matched" not in text
    assert "Candidate mentors" not in text
    assert "Priya Patel" not in text
    assert "out of 100" not in text


def test_a_board_member_who_never_finished_their_profile_is_named_among_those_left_unmatched(
    office, programme, grace
):
    BoardMemberFactory(
        programme=programme, user__full_name="Ines Incomplete", profile_completed_at=None
    )
    close(programme)

    text = words(office.get(board_url(programme)).content.decode())

    assert "Left unmatched when it closed (2)" in text
    assert "Ines Incomplete" in text
    assert "cannot be scored yet" not in text


def test_a_running_programmes_board_still_offers_candidates(office, programme, priya, grace):
    text = words(office.get(board_url(programme)).content.decode())

    assert "Still to be matched (1)" in text
    assert "Priya Patel" in text
    assert "Left unmatched" not in text


# --- who was in a pair at the closing, not who is in none now ---------------------------------


def close_as_the_office(programme):
    """Closed from its admin page: `save` stamps `closed_at`. Closing ends no pair."""
    programme.status, programme.recruitment_open = ProgrammeStatus.CLOSED, False
    programme.save()


def end_a_week_after(closed, match):
    with time_machine.travel(closed + timedelta(days=7)):
        match_end(match=match, reason=EndReason.WITHDRAWN)


def test_a_pair_ended_after_the_closing_leaves_nobody_named_as_left_unmatched(client, cast):
    close_as_the_office(cast.programme)
    end_a_week_after(cast.programme.closed_at, cast.pair)
    client.force_login(cast.coordinator)

    text = words(client.get(board_url(cast.programme)).content.decode())

    assert "Left unmatched when it closed (0)" in text
    assert "Nobody was left waiting for a mentor when it closed." in text
    assert "Bola Board" not in text


def test_a_pair_ended_before_the_closing_leaves_its_board_member_named_as_left_unmatched(
    client, cast
):
    match_end(match=cast.other_pair, reason=EndReason.WITHDRAWN)
    close_as_the_office(cast.programme)
    end_a_week_after(cast.programme.closed_at, cast.pair)
    client.force_login(cast.coordinator)

    text = words(client.get(board_url(cast.programme)).content.decode())

    assert "Left unmatched when it closed (1) Olive Other" in text
    assert "Bola Board" not in text


def test_a_pairing_that_ran_its_course_before_the_closing_left_nobody_unmatched(client, cast):
    match_end(match=cast.other_pair, reason=EndReason.COMPLETED)
    close_as_the_office(cast.programme)
    client.force_login(cast.coordinator)

    text = words(client.get(board_url(cast.programme)).content.decode())

    assert "Left unmatched when it closed (0)" in text


def test_someone_left_unmatched_is_still_named_after_their_account_is_switched_off(client, cast):
    match_end(match=cast.other_pair, reason=EndReason.WITHDRAWN)
    close_as_the_office(cast.programme)
    switch_off(cast.other_board_member)
    client.force_login(cast.coordinator)

    text = words(client.get(board_url(cast.programme)).content.decode())

    assert "Left unmatched when it closed (1) Olive Other" in text


def test_someone_whose_account_had_gone_before_the_closing_is_not_named_as_left_unmatched(
    client, cast
):
    """Deleting or switching off an account ends its pairs; someone who had left before the
    programme closed was not left waiting by its closing."""
    match_end(match=cast.other_pair, reason=EndReason.WITHDRAWN)
    switch_off(cast.other_board_member)
    with time_machine.travel(timedelta(days=7)):
        close_as_the_office(cast.programme)
    client.force_login(cast.coordinator)

    text = words(client.get(board_url(cast.programme)).content.decode())

    assert "Left unmatched when it closed (0)" in text
    assert "Olive Other" not in text
