"""Last year's mentor (Maya) joins the programme office once her pair with Bola ended and the
pilot closed; in the next cohort Bola is a board member again. What the office holds of
Bola's answers (his department, the reasons a pair of his was proposed, the note on its
ending) is withheld from Maya in every pair he is in, not only in theirs, as the match
board withholds it (`sides_withheld_from`); the figures of the start page count only the
places the lists they link to show her (`partners_ever_of`), and the board links her to
none she may not open. The rest of the office reads all of it."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from matching.services import pair_propose
from mentoring.models import BoardMember, EndReason, MatchStatus
from mentoring.services.matches import match_end
from tests.admin_pages import (
    change_url,
    joins_the_office,
    rows,
    takes_part_again,
    the_next_cohort,
    words,
)
from tests.matching.board import board_url, briefed_mentor

pytestmark = pytest.mark.django_db

HIS_DEPARTMENT = "Quillbrook Estates Annexe"
HER_DEPARTMENT = "Library Special Collections"
NOT_SHOWN = "Not shown: you were paired with them."
PAIRS = reverse("admin:mentoring_match_changelist")
START = reverse("admin:index")
END_NOTE = "Lena told Carmen that Bola kept cancelling"


@pytest.fixture
def next_cohort(cast):
    """The pilot closed with Maya and Bola's pair completed; in the next cohort Bola is a
    board member again (briefed, profile complete), and Lena a mentor."""
    BoardMember.objects.filter(pk=cast.pair.board_member.pk).update(department=HIS_DEPARTMENT)
    programme = the_next_cohort(cast)
    takes_part_again(programme, cast, "board_member", department=HIS_DEPARTMENT)
    briefed_mentor(programme, "Lena Library", department=HER_DEPARTMENT)
    return programme


def bola_proposed_with_lena(cast, programme, *, active=False):
    pair = pair_propose(
        mentor=programme.applications.get(),
        board_member=programme.board_members.get(user=cast.board_member),
        proposed_by=cast.coordinator,
    )
    if active:
        pair.status, pair.activated_at = MatchStatus.ACTIVE, timezone.now()
        pair.save(update_fields=["status", "activated_at"])
    return pair


def exported(response) -> dict[str, dict[str, str]]:
    """Each pair's row, by its mentor's name, column by column."""
    assert response.status_code == 200
    header, *lines = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    return {line[1]: dict(zip(header, line, strict=True)) for line in lines}


# --- his answers, in his new pair -----------------------------------------------------------


@pytest.mark.parametrize("export", ["list", "board"])
def test_the_pairs_export_does_not_give_her_his_department_in_his_new_pair(
    client, cast, next_cohort, export
):
    pair = bola_proposed_with_lena(cast, next_cohort, active=True)
    joins_the_office(client, cast.mentor)

    rows_exported = exported(
        client.post(PAIRS, {"action": "export_csv", "_selected_action": [pair.pk]})
        if export == "list"
        else client.get(board_url(next_cohort, "export"))
    )

    lena = rows_exported["Lena Library"]
    assert lena["Board member"] == "Bola Board"  # the pair is listed
    assert lena["Board member department"] == NOT_SHOWN
    assert lena["Mentor department"] == HER_DEPARTMENT  # Lena was never paired with Maya


def test_the_page_of_a_proposal_with_him_does_not_give_why_they_were_proposed(
    client, cast, next_cohort
):
    proposal = bola_proposed_with_lena(cast, next_cohort)
    joins_the_office(client, cast.mentor)

    page = client.get(change_url(proposal))

    text = words(page.content.decode())
    assert page.status_code == 200
    assert "Why they were proposed: Not shown: you were paired with Bola Board." in text
    assert "Anti-racism" not in text  # the theme Bola chose, as the reasons say it


def test_the_page_of_his_new_pair_does_not_give_the_note_on_its_ending(client, cast, next_cohort):
    pair = bola_proposed_with_lena(cast, next_cohort, active=True)
    match_end(match=pair, reason=EndReason.WITHDRAWN, note=END_NOTE, by=cast.coordinator)
    joins_the_office(client, cast.mentor)

    text = words(client.get(change_url(pair)).content.decode())

    assert END_NOTE not in text
    assert "End note: Not shown: you were paired with Bola Board." in text


def test_the_rest_of_the_office_reads_his_answers_in_his_new_pair(cast, next_cohort):
    pair = bola_proposed_with_lena(cast, next_cohort, active=True)
    office = Client()
    office.force_login(cast.coordinator)  # never paired with Bola

    page = words(office.get(change_url(pair)).content.decode())
    rows_exported = exported(office.get(board_url(next_cohort, "export")))

    assert "Anti-racism" in page
    assert rows_exported["Lena Library"]["Board member department"] == HIS_DEPARTMENT


# --- his places: counted as listed, and never linked ----------------------------------------


def figure_and_list(client, programme, label: str) -> tuple[int, list[dict]]:
    """The start page's figure `label` for `programme`, and the rows of the list it links to."""
    page = client.get(START, {"programme": programme.pk}).content.decode()
    section = page.split('id="attention"')[1]
    assert label in section
    link = section.split(label)[0].rsplit('href="', 1)[1].split('"')[0]
    count = int(words(section.split(label, 1)[1]).split()[0])
    return count, rows(client.get(link.replace("&amp;", "&")))


def test_the_start_page_does_not_count_his_place_as_a_board_member_to_brief(client, cast):
    """Bola joined the next cohort and is not briefed yet: the list of board members leaves
    his place out for Maya, so the figure linking to it does too."""
    programme = the_next_cohort(cast)
    takes_part_again(programme, cast, "board_member", briefed=False)
    joins_the_office(client, cast.mentor)

    count, listed = figure_and_list(client, programme, "Board members not yet briefed")

    assert (count, listed) == (0, [])


def test_the_start_page_does_not_count_her_place_as_a_mentor_to_brief(client, cast):
    """The other way round: Bola joins the office, and Maya is accepted to mentor in the
    next cohort, not briefed yet: the list of applications leaves her out for him."""
    programme = the_next_cohort(cast)
    takes_part_again(programme, cast, "mentor", briefed=False)
    joins_the_office(client, cast.board_member)

    count, listed = figure_and_list(client, programme, "Accepted mentors not yet briefed")

    assert (count, listed) == (0, [])


def test_the_rest_of_the_office_counts_and_lists_his_place(cast):
    programme = the_next_cohort(cast)
    takes_part_again(programme, cast, "board_member", briefed=False)
    office = Client()
    office.force_login(cast.coordinator)

    count, listed = figure_and_list(office, programme, "Board members not yet briefed")

    assert count == len(listed) == 1


def test_the_match_board_names_him_without_a_link_to_his_place(client, cast):
    """Bola joined the next cohort but has not finished his profile: the board names him
    under "Waiting for a complete profile", with no link to the place Maya may not open."""
    programme = the_next_cohort(cast)
    place = takes_part_again(programme, cast, "board_member", briefed=False)
    BoardMember.objects.filter(pk=place.pk).update(profile_completed_at=None)
    joins_the_office(client, cast.mentor)
    assert client.get(change_url(place), follow=True).redirect_chain  # not hers to open

    board = client.get(board_url(programme)).content.decode()

    waiting = words(board.split('id="waiting-heading"')[1].split("</section>")[0])
    assert "Bola Board" in waiting
    assert change_url(place) not in board
    office = Client()
    office.force_login(cast.coordinator)
    assert change_url(place) in office.get(board_url(programme)).content.decode()
