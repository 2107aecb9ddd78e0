"""The programme office ending pairs: a note saved on the pair's page survives the ending;
the confirmations count each person emailed once, speak of meetings called off only when
there are some, and name actions the pairs list has; odd addresses and posts answer with a
page, never a server error."""

import pytest
from django.urls import reverse

from mentoring.models import MatchStatus, PairRequest
from tests.admin_pages import (
    as_a_browser_posts,
    change_url,
    choose_and_confirm,
    messages_shown,
    recipients_named,
    rows,
    save_change_form,
    words,
)
from tests.factories import (
    BriefedBoardMemberFactory,
    MatchFactory,
    MentorFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:mentoring_match_changelist")
HEALTH = reverse("admin:mentoring_pairhealth_changelist")
REQUESTS = reverse("admin:mentoring_pairrequest_changelist")


def test_a_note_saved_on_an_active_pairs_page_survives_ending_it(
    office, cast, django_capture_on_commit_callbacks
):
    """The pair's page offers "End note" while the pair is active; the coordinator writes
    why it is about to end and saves. Ending it then (the page's own "End: withdrawn…")
    silently blanks the note that was saved."""
    url = change_url(cast.pair)
    saved = save_change_form(office, url, end_note="Both asked on the phone to stop.")
    assert saved.status_code == 302
    cast.pair.refresh_from_db()
    assert cast.pair.end_note == "Both asked on the phone to stop."

    with django_capture_on_commit_callbacks(execute=True):
        choose_and_confirm(office, CHANGELIST, "end_withdrawn", cast.pair)

    cast.pair.refresh_from_db()
    assert cast.pair.status == MatchStatus.ENDED
    assert cast.pair.end_note == "Both asked on the phone to stop."


def test_ending_two_pairs_of_one_mentor_counts_the_people_emailed_once(office, cast, second_pair):
    """Maya mentors Bola and Nia: ending both pairs emails three people (Maya twice, once
    about each pair). The button says "email 4 people" and the list names Maya twice."""
    page = office.post(
        CHANGELIST,
        {"action": "end_completed", "_selected_action": [cast.pair.pk, second_pair.pk]},
    )
    html = page.content.decode()
    named = recipients_named(page)
    people = {item.split(" (")[0] for item in named}
    assert people == {"Maya Mentor", "Bola Board", "Nia Newboard"}
    assert "email 3 people" in html, named
    assert "paired with Bola Board; paired with Nia Newboard" in words(html)


def test_ending_a_pair_on_request_says_no_meeting_is_called_off_when_none_is(office, cast):
    """The request confirmation promises meetings called off and a calendar file that
    removes them, for a pair with no meeting to come (whose email has no calendar file)."""
    request = PairRequest.objects.create(match=cast.pair, kind="end", raised_by=cast.mentor)
    page = office.post(REQUESTS, {"action": "end_pairings", "_selected_action": [request.pk]})
    text = words(page.content.decode())
    assert "Meetings called off" not in text
    assert "calendar file" not in text, text[:1500]


def test_closing_a_programme_names_an_action_the_pairs_list_has(office, cast):
    """Closing a programme with active pairs tells the office to use "End the selected
    pairings" in Pairs: the list has no action of that name (its actions are "End the
    selected pairs: completed…", "…: withdrawn…", "…: to rematch…")."""
    page = office.post(
        change_url(cast.programme),
        {**as_a_browser_posts(office.get(change_url(cast.programme))), "status": "closed"},
    )
    text = words(page.content.decode())
    assert "Active pairs (2)" in text, text[:3000]
    actions = [
        str(label)
        for _, label in office.get(CHANGELIST).context["action_form"].fields["action"].choices
    ]
    quoted = text.split("use one of the “")[1].split("”")[0]
    assert quoted == "End the selected pairs: …"
    assert [label for label in actions if label.startswith("End the selected pairs: ")], actions


ODD_ADDRESSES = [
    CHANGELIST + "?programme__id__exact=%D9%A3",
    CHANGELIST + "?programme__id__exact=99999999999999999999",
    CHANGELIST + "?status__exact=zzz",
    CHANGELIST + "?o=1.99999999999999999999",
    CHANGELIST + "?p=99999999999999999999",
    CHANGELIST + "?score__gte=99999999999999999999",
    CHANGELIST + "?id=99999999999999999999",
    CHANGELIST + "?programme__id__in=1,99999999999999999999",
    HEALTH + "?state=zzz",
    HEALTH + "?programme__id__exact=99999999999999999999",
    HEALTH + "?programme=99999999999999999999",
    HEALTH + "?_facets=1&state=overdue",
    HEALTH + "?held_count__gte=99999999999999999999",
    "/admin/mentoring/match/99999999999999999999/change/",
    "/admin/mentoring/match/%D9%A3/change/",
    "/admin/mentoring/match/board/99999999999999999999/",
    "/admin/report/%D9%A3/",
    REQUESTS + "?match__id__exact=99999999999999999999",
]


@pytest.mark.parametrize("url", ODD_ADDRESSES)
def test_guard_odd_addresses_answer_without_a_server_error(office, cast, url):
    assert office.get(url).status_code in (200, 302, 404)


def test_guard_odd_posts_answer_without_a_server_error(office, cast):
    for data in [
        {"action": "end_withdrawn", "_selected_action": ["99999999999999999999"]},
        {"action": "end_withdrawn", "_selected_action": ["٣"]},
        {
            "action": "end_withdrawn",
            "_selected_action": [cast.pair.pk],
            "confirmed": "yes",
            "shown": ["99999999999999999999"],
        },
        {
            "action": "end_withdrawn",
            "_selected_action": [cast.pair.pk],
            "confirmed": "yes",
            "shown": ["٣"],
        },
    ]:
        assert office.post(CHANGELIST, data).status_code in (200, 302, 404)
    request = PairRequest.objects.create(match=cast.pair, kind="end", raised_by=cast.mentor)
    page = office.post(
        REQUESTS,
        {
            "action": "end_pairings",
            "_selected_action": [request.pk],
            "confirmed": "yes",
            "end_reason": "٣",
        },
    )
    assert page.status_code == 200  # asked again, nothing ended
    cast.pair.refresh_from_db()
    assert cast.pair.status == MatchStatus.ACTIVE


@pytest.mark.parametrize("lookup", ["programme", "programme__exact", "mentor", "id"])
def test_a_list_reads_a_row_given_in_other_digits_as_no_row(office, cast, lookup):
    """An id is read from ASCII digits only, as everywhere on the site: an Arabic-Indic one
    is not row 1."""
    pk = {"programme": cast.programme.pk, "mentor": cast.pair.mentor_id, "id": cast.pair.pk}[
        lookup.split("__")[0]
    ]
    other_digits = str(pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))

    page = office.get(CHANGELIST, {lookup: other_digits}, follow=True)

    assert page.status_code == 200
    assert messages_shown(page) == ["No row has the number given. All are shown."]


@pytest.mark.parametrize("lookup", ["programme", "programme__exact", "programme_id"])
def test_programme_health_chooses_a_programme_only_as_its_counts_read_it(office, cast, lookup):
    """Another spelling of the programme would narrow the rows, not the counts above them:
    the whole list is shown, with its counts, saying why."""
    other = ProgrammeFactory(name="Autumn cohort", slug="autumn")
    MatchFactory(
        mentor=MentorFactory(programme=other, applicant=UserFactory(full_name="Ann")),
        board_member=BriefedBoardMemberFactory(programme=other, user=UserFactory(full_name="B")),
        status=MatchStatus.ACTIVE,
    )

    page = office.get(HEALTH, {lookup: cast.programme.pk}, follow=True)

    assert messages_shown(page) == [
        "Choose a programme with the list's own filter. All programmes are shown."
    ]
    assert len(rows(page)) == page.context_data["pair_count"] == 3


def test_programme_health_counts_the_programme_its_filter_chose(office, cast):
    page = office.get(HEALTH, {"programme__id__exact": cast.programme.pk})

    assert len(rows(page)) == page.context_data["pair_count"] == 2
