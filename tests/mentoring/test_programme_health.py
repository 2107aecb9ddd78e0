"""Programme health: the office sees, per active pair, counts and dates, never content."""

import html
import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import formats

from mentoring.models import EndReason, Match, MatchStatus, MeetingNote, PairRequest
from tests.admin_pages import messages_shown
from tests.cast import from_the_cast
from tests.factories import (
    PASSWORD,
    ActionStepFactory,
    BriefedBoardMemberFactory,
    HeldMeetingFactory,
    MatchFactory,
    MeetingFactory,
    MentorFactory,
    ProgrammeFactory,
    UserFactory,
    agree_ground_rules,
    totp_code,
)
from tests.query_counts import queries_for

pytestmark = pytest.mark.django_db

URL = reverse("admin:mentoring_pairhealth_changelist")
# A Monday in winter, so the programme's time zone (London) is UTC.
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
NOTE = "Zanzibar-note: the restructure in Estates"
PURPOSE = "Quokka-purpose: hear what grade 3 staff say"
ACTION = "Pangolin-action: read the exit interviews"


class HealthTable(HTMLParser):
    """The changelist's rows as {pair: {column: text}}; ticks and crosses as "True"/"False"."""

    def __init__(self):
        super().__init__()
        self.rows, self._row, self._cell = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr":
            self._row = {}
        elif tag in ("td", "th") and self._row is not None:
            classes = [c for c in (attrs.get("class") or "").split() if c.startswith("field-")]
            self._cell = classes[0].removeprefix("field-") if classes else None
            if self._cell:
                self._row[self._cell] = ""
        elif tag == "img" and self._cell:
            self._row[self._cell] += attrs.get("alt", "")

    def handle_data(self, data):
        if self._cell:
            self._row[self._cell] += data.strip()

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._cell = None
        elif tag == "tr" and self._row:
            self.rows[self._row["pair"]] = self._row
            self._row = None


def health_rows(response) -> dict[str, dict[str, str]]:
    assert response.status_code == 200
    table = HealthTable()
    table.feed(response.content.decode())
    return table.rows


def shown(day) -> str:
    return formats.localize(day)


def ago(weeks: float) -> datetime:
    return NOW - timedelta(weeks=weeks)


def pair(programme, name, *, activated_weeks_ago=20, status=MatchStatus.ACTIVE):
    match = MatchFactory(
        mentor=MentorFactory(programme=programme, applicant=UserFactory(full_name=name)),
        board_member=BriefedBoardMemberFactory(
            programme=programme, user=UserFactory(full_name=f"Board of {name}")
        ),
        status=status,
    )
    match.activated_at = ago(activated_weeks_ago)
    match.save(update_fields=["activated_at"])
    return match


def label(match) -> str:
    return f"{match.mentor.applicant.full_name} and {match.board_member.user.full_name}"


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def programme(cast):
    """The cast's programme, renamed the Spring cohort. Its two pairs ended last year: this
    module counts pairs by state, and builds a pair in each."""
    programme = cast.programme
    programme.name, programme.gap_min_weeks, programme.gap_max_weeks = "Spring cohort", 4, 6
    programme.save()
    Match.objects.filter(programme=programme).update(
        status=MatchStatus.ENDED, ended_at=ago(40), end_reason=EndReason.COMPLETED
    )
    return programme


coordinator = from_the_cast("coordinator")


@pytest.fixture
def pairs(clock, programme):
    """One pair in each state, with the figures programme health shows."""
    on_track = pair(programme, "Ada Ontrack")
    mentor, member = on_track.mentor.applicant, on_track.board_member.user
    HeldMeetingFactory(match=on_track, starts_at=ago(10))
    last = HeldMeetingFactory(match=on_track, starts_at=ago(2))
    MeetingFactory(match=on_track, status="not_held", starts_at=ago(1))
    MeetingFactory(match=on_track, starts_at=NOW + timedelta(weeks=5))
    booked = MeetingFactory(match=on_track, starts_at=NOW + timedelta(weeks=3))
    MeetingFactory(match=on_track, status="cancelled", cancelled_by=mentor, starts_at=ago(6))
    MeetingFactory(match=on_track, status="cancelled", cancelled_by=member, starts_at=ago(7))
    MeetingFactory(match=on_track, status="cancelled", cancelled_by=member, starts_at=ago(8))
    agree_ground_rules(on_track)
    # What the pair wrote, which the office must never see.
    MeetingNote.objects.create(meeting=last, author=mentor, text=NOTE)
    on_track.purpose = PURPOSE
    on_track.save(update_fields=["purpose"])
    ActionStepFactory(meeting=last, text=ACTION)

    due = pair(programme, "Ben Due")
    HeldMeetingFactory(match=due, starts_at=ago(5))
    # A proposal nobody accepted yet is not a booking; a cancelled future meeting neither.
    MeetingFactory(match=due, status="proposed", confirmed_at=None, starts_at=NOW + timedelta(1))
    MeetingFactory(match=due, status="cancelled", starts_at=NOW + timedelta(weeks=1))
    agree_ground_rules(due, due.mentor.applicant)
    PairRequest.objects.create(match=due, kind="concern", raised_by=due.mentor.applicant)

    overdue = pair(programme, "Cara Overdue")
    HeldMeetingFactory(match=overdue, starts_at=ago(8))
    agree_ground_rules(overdue)
    PairRequest.objects.create(
        match=overdue,
        kind="end",
        raised_by=overdue.mentor.applicant,
        resolved_at=NOW,
        outcome="continued",
    )

    dormant = pair(programme, "Dev Dormant", activated_weeks_ago=13)

    ended = pair(programme, "Eve Ended", status=MatchStatus.ENDED)
    HeldMeetingFactory(match=ended, starts_at=ago(20))
    return {
        "on_track": on_track,
        "due": due,
        "overdue": overdue,
        "dormant": dormant,
        "ended": ended,
        "last": last,
        "booked": booked,
    }


@pytest.fixture
def office(client, coordinator):
    client.force_login(coordinator)
    return client


def test_each_active_pair_shows_its_meetings_cancellations_rules_and_state(office, pairs):
    rows = health_rows(office.get(URL))

    assert rows[label(pairs["on_track"])] == {
        "pair": label(pairs["on_track"]),
        "programme": "Spring cohort",
        "held": "2",
        "last_met_on": shown(ago(2).date()),
        "next_booked_on": shown((NOW + timedelta(weeks=3)).date()),
        "cancelled_mentor": "1",
        "cancelled_board_member": "2",
        "rules": "True",
        "state": "On track",
        "request": "-",
    }
    due = rows[label(pairs["due"])]
    assert (due["held"], due["last_met_on"], due["next_booked_on"]) == (
        "1",
        shown(ago(5).date()),
        "-",
    )
    assert (due["cancelled_mentor"], due["cancelled_board_member"]) == ("0", "1")
    assert (due["rules"], due["state"], due["request"]) == (
        "False",
        "Due",
        "Waiting for a decision",
    )
    overdue = rows[label(pairs["overdue"])]
    assert (overdue["state"], overdue["rules"], overdue["request"]) == ("Overdue", "True", "-")
    dormant = rows[label(pairs["dormant"])]
    assert (dormant["held"], dormant["last_met_on"], dormant["next_booked_on"]) == ("0", "-", "-")
    assert (dormant["state"], dormant["rules"]) == ("Dormant", "False")


def test_ended_pairs_are_not_listed(office, pairs):
    rows = health_rows(office.get(URL))

    assert label(pairs["ended"]) not in rows
    assert len(rows) == 4


def test_a_pair_with_no_meeting_yet_is_due_from_the_day_it_started(office, clock, programme):
    fresh = pair(programme, "Fay Fresh", activated_weeks_ago=0)
    late = pair(programme, "Gil Late", activated_weeks_ago=7)

    rows = health_rows(office.get(URL))

    assert rows[label(fresh)]["state"] == "Due"
    assert rows[label(late)]["state"] == "Overdue"


def test_a_pair_becomes_due_then_overdue_then_dormant_as_time_passes(
    office, clock, programme, time_machine
):
    match = pair(programme, "Hal Drift", activated_weeks_ago=30)
    HeldMeetingFactory(match=match, starts_at=NOW)
    expected = {1: "On track", 4: "Due", 6: "Due", 7: "Overdue", 12: "Overdue", 13: "Dormant"}

    states = {}
    for weeks in expected:
        time_machine.move_to(NOW + timedelta(weeks=weeks, hours=1), tick=False)
        states[weeks] = health_rows(office.get(URL))[label(match)]["state"]

    assert states == expected


def test_no_note_purpose_or_action_text_appears(office, pairs):
    content = office.get(URL).content.decode()

    assert label(pairs["on_track"]) in content
    for secret in (NOTE, PURPOSE, ACTION, "Zanzibar", "Quokka", "Pangolin"):
        assert secret not in content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("state=on_track", {"on_track"}),
        ("state=due", {"due"}),
        ("state=overdue", {"overdue"}),
        ("state=dormant", {"dormant"}),
        ("rules=yes", {"on_track", "overdue"}),
        ("rules=no", {"due", "dormant"}),
        ("request=yes", {"due"}),
        ("request=no", {"on_track", "overdue", "dormant"}),
        ("cancelled=mentor", {"on_track"}),
        ("cancelled=board_member", {"on_track", "due"}),
        ("cancelled=none", {"overdue", "dormant"}),
        ("state=due&rules=no", {"due"}),
        ("state=overdue&rules=no", set()),
    ],
)
def test_each_filter_keeps_the_right_pairs(office, pairs, query, expected):
    rows = health_rows(office.get(f"{URL}?{query}"))

    assert set(rows) == {label(pairs[key]) for key in expected}


def test_the_programme_filter_keeps_that_programmes_pairs(office, pairs, programme):
    elsewhere = pair(ProgrammeFactory(name="Autumn cohort"), "Ivy Elsewhere")

    everyone = health_rows(office.get(URL))
    spring = health_rows(office.get(f"{URL}?programme__id__exact={programme.pk}"))
    autumn = health_rows(office.get(f"{URL}?programme__id__exact={elsewhere.programme_id}"))

    assert label(elsewhere) in everyone
    assert label(elsewhere) not in spring
    assert len(spring) == 4
    assert set(autumn) == {label(elsewhere)}


def counts_at_the_top(response) -> str:
    content = response.content.decode()
    start = content.index('aria-label="Pairs by state"')
    return " ".join(content[start : content.index("</ul>", start)].split())


def test_the_counts_at_the_top_give_each_state(office, pairs):
    counts = counts_at_the_top(office.get(URL))

    assert "<strong>4</strong> active pairs" in counts
    for state in ("On track", "Due", "Overdue", "Dormant"):
        assert f"<li>{state}: <strong>1</strong></li>" in counts


def test_the_counts_follow_the_programme_but_not_the_other_filters(office, pairs, programme):
    pair(ProgrammeFactory(name="Autumn cohort"), "Ivy Elsewhere", activated_weeks_ago=0)

    everyone = counts_at_the_top(office.get(URL))
    spring = counts_at_the_top(office.get(f"{URL}?programme__id__exact={programme.pk}&state=due"))

    assert "<strong>5</strong> active pairs" in everyone
    assert "<li>Due: <strong>2</strong></li>" in everyone
    assert "<strong>4</strong> active pairs" in spring
    assert "<li>Due: <strong>1</strong></li>" in spring
    assert "<li>Dormant: <strong>1</strong></li>" in spring


def cohort(programme, size, start=0):
    """`size` active pairs, each with held, booked and cancelled meetings and an agreement."""
    for n in range(start, start + size):
        match = pair(programme, f"Mentor {n:02}", activated_weeks_ago=n % 15)
        HeldMeetingFactory(match=match, starts_at=ago(n % 9))
        MeetingFactory(match=match, starts_at=NOW + timedelta(weeks=1 + n % 3))
        MeetingFactory(match=match, status="cancelled", starts_at=ago(1))
        agree_ground_rules(match)
        if n % 4 == 0:
            PairRequest.objects.create(match=match, kind="end", raised_by=match.mentor.applicant)


# 1 session, 2 user, 3 whether they have an authenticator, are a coordinator, and their
# permissions (one query: accounts.access.staff_facts_read), 4 the programmes for the filter,
# 5 count of the filtered pairs, 6 count of all pairs, 7 the page of pairs with every figure
# (one query, subqueries), 8 every pair again for the counts at the top. Whatever the number
# of pairs.
HEALTH_QUERIES = 8


@pytest.mark.parametrize("query", ["", "?state=due", "?rules=yes&cancelled=mentor"])
def test_the_page_costs_the_same_for_3_pairs_as_for_30(office, clock, programme, query):
    cohort(programme, 3)
    few = queries_for(office, URL + query)

    cohort(programme, 27, start=3)
    many = queries_for(office, URL + query)

    assert many == few
    assert len(health_rows(office.get(URL))) == 30


def test_the_page_stays_within_its_query_budget(
    office, clock, programme, django_assert_max_num_queries
):
    cohort(programme, 30)

    with django_assert_max_num_queries(HEALTH_QUERIES):
        office.get(URL)


def test_a_coordinator_signs_in_with_their_code_and_sees_programme_health(
    client, cast, coordinator
):
    match = cast.pair
    HeldMeetingFactory(match=match)

    response = client.post(
        reverse("account_login"), {"login": coordinator.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(URL).status_code == 302  # not in until the second factor
    response = client.post(response.url, {"code": totp_code(coordinator.totp_secret)})
    assert response.status_code == 302

    rows = health_rows(client.get(URL))

    assert rows[label(match)]["held"] == "1"


def test_a_signed_in_staff_member_cannot_open_programme_health(client, cast):
    client.force_login(cast.outsider)

    response = client.get(URL, follow=True)

    assert response.status_code == 403


def test_a_pair_has_no_page_of_its_own_in_programme_health(office, pairs):
    match = pairs["on_track"]

    response = office.get(reverse("admin:mentoring_pairhealth_change", args=[match.pk]))

    assert response.status_code == 403
    assert PURPOSE not in response.content.decode()


def test_the_lists_count_their_rows_by_what_they_are(client, cast):
    """Not "2 programme health", "0 email outbox", "0 reminder log"."""
    client.force_login(cast.coordinator)
    pages = {
        "mentoring_pairhealth": "active pairs",
        "accounts_outboxmessage": "emails",
        "mentoring_reminder": "reminders",
    }
    for model, counted in pages.items():
        page = client.get(reverse(f"admin:{model}_changelist")).content.decode()
        assert re.search(rf"\d+ {counted}\b", page), model
    health = client.get(reverse("admin:mentoring_pairhealth_changelist")).content.decode()
    assert "<title>Programme health |" in health


def test_each_pair_links_to_its_page_and_its_waiting_request(office, pairs):
    """From an overdue or worrying row, the office reaches the pair and what it asked."""
    page = office.get(URL).content.decode()
    due = pairs["due"]

    assert f'<a href="{reverse("admin:mentoring_match_change", args=[due.pk])}">' in page
    requests = re.search(r'<a href="([^"]+)">Waiting for a decision</a>', page).group(1)
    listed = office.get(html.unescape(requests))
    assert listed.status_code == 200
    assert [request.match_id for request in listed.context["cl"].result_list] == [due.pk]
    assert office.get(reverse("admin:mentoring_match_change", args=[due.pk])).status_code == 200


@pytest.mark.parametrize("typed", ["\u0663", " {pk}", "+{pk}", "{pk}0000000000000000000"])
def test_a_programme_chosen_by_a_number_not_of_ascii_digits_shows_every_pair_saying_why(
    office, cast, typed
):
    """The counts at the top read the programme's id from ASCII digits only; Django's filter
    read "٣", " 3" and "+3" as 3, listing that programme's pairs under "0 active pairs". The
    list now reads it as the counts do: every pair is shown, and why."""
    url = reverse("admin:mentoring_pairhealth_changelist")
    query = urlencode({"programme__id__exact": typed.format(pk=cast.programme.pk)})

    page = office.get(f"{url}?{query}", follow=True)

    assert page.status_code == 200
    assert messages_shown(page) == ["No row has the number given. All are shown."]
    assert "Maya Mentor" in page.content.decode()


def test_a_closed_programmes_pairs_keep_no_rhythm_so_none_is_overdue(office, pairs, programme):
    """The office closes the programme; its pairs stay active (closing ends no pair) and may
    meet, with nothing due and nobody reminded, as their own pages say. Programme health
    counted them overdue and dormant, and the start page listed them among the overdue."""
    programme.status, programme.recruitment_open = "closed", False
    programme.save()

    response = office.get(URL)
    rows = health_rows(response)
    counts = counts_at_the_top(response)
    overdue = health_rows(office.get(f"{URL}?state=overdue"))

    assert {rows[label(pairs[state])]["state"] for state in ("due", "overdue", "dormant")} == {
        "Programme closed"
    }
    assert rows[label(pairs["on_track"])]["state"] == "Programme closed"
    assert "<li>Programme closed: <strong>4</strong></li>" in counts
    assert "<li>Overdue: <strong>0</strong></li>" in counts
    assert overdue == {}
