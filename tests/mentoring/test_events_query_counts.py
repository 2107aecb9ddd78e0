"""Pages that list events and board members cost the same number of queries for a handful
of rows as for many, however many other people have registered."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import (
    Audience,
    BriefingExemption,
    EventKind,
    Registration,
    RegistrationStatus,
)
from mentoring.services.events import absence_consequences
from tests.briefings import cast_briefings_held
from tests.cast import from_the_cast
from tests.factories import (
    BoardFactory,
    BoardMemberFactory,
    EventFactory,
    MentorApplicationFactory,
    ProgrammeFactory,
    RegistrationFactory,
    UserFactory,
)
from tests.query_counts import queries_for

pytestmark = pytest.mark.django_db

AUDIENCES = [Audience.MENTORS, Audience.BOARD_MEMBERS, Audience.JOINT]
KINDS = [EventKind.BRIEFING, EventKind.EVALUATION]
OTHERS_STATUSES = [
    RegistrationStatus.REGISTERED,
    RegistrationStatus.REGISTERED,
    RegistrationStatus.CANCELLED,
]


programme = from_the_cast("programme", first=cast_briefings_held)  # briefings over by now
coordinator = from_the_cast("coordinator")


@pytest.fixture
def mentor(programme):
    """Priya Patel, an accepted mentor in the pilot."""
    return MentorApplicationFactory(
        programme=programme,
        applicant=UserFactory(full_name="Priya Patel"),
        status="accepted",
    ).applicant


@pytest.fixture
def board_member(programme):
    """Jonathan Hale, a board member in the pilot."""
    return BoardMemberFactory(programme=programme, user=UserFactory(full_name="Jonathan Hale")).user


def give_events(programme, person, count):
    """`count` upcoming events for every audience, each with three other people registered
    (one of whom cancelled); `person` has a place at every third, and went to a third as
    many joint briefings in the past."""
    start = timezone.now() + timedelta(days=7)
    for n in range(count):
        event = EventFactory(
            programme=programme,
            audience=AUDIENCES[n % 3],
            kind=KINDS[n % 2],
            starts_at=start + timedelta(days=n),
        )
        for status in OTHERS_STATUSES:
            RegistrationFactory(event=event, status=status)
        if n % 3 == 0:
            RegistrationFactory(event=event, person=person)
            past = EventFactory(
                programme=programme,
                audience=Audience.JOINT,
                starts_at=timezone.now() - timedelta(days=n + 1),
            )
            RegistrationFactory(event=past, person=person, status=RegistrationStatus.ATTENDED)


# --- the participant's pages ----------------------------------------------------------------

# 1 session, 2 user, 3 the person's applications in the running (with whether briefed),
# 4 the navigation's facts (one query), and, for a board member (as those facts say), 5 their
# memberships (with whether briefed) and 6 their themes; last, 7 the events with places taken
# and the person's own registration (one query, COUNT and a subquery).
EVENTS_QUERIES = 7

# The events page's first six, then 7 the upcoming briefings, 8 the pairs, and 9-10 their
# meetings and action steps (prefetched only when there is a pair). The current programme is
# one they applied to or are a board member in, read with the applications or memberships.
DASHBOARD_QUERIES = 10


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize(
    ("person", "audience"), [("mentor", Audience.MENTORS), ("board_member", Audience.BOARD_MEMBERS)]
)
def test_the_events_page_costs_the_same_for_few_and_many_events(
    client, request, programme, django_assert_max_num_queries, person, audience, count
):
    person = request.getfixturevalue(person)
    give_events(programme, person, count)
    client.force_login(person)

    with django_assert_max_num_queries(EVENTS_QUERIES):
        response = client.get(reverse("events"))

    # Briefed at the past joint briefings, they are shown a briefing only if they have a
    # place at it (to cancel it); every other event for their audience.
    theirs = [
        n
        for n in range(count)
        if AUDIENCES[n % 3] in (audience, Audience.JOINT)
        and (KINDS[n % 2] != EventKind.BRIEFING or n % 3 == 0)
    ]
    assert response.content.decode().count('class="h5 card-title"') == len(theirs)


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize("person", ["mentor", "board_member"])
def test_the_dashboard_costs_the_same_for_few_and_many_events(
    client, request, programme, django_assert_max_num_queries, person, count
):
    person = request.getfixturevalue(person)
    give_events(programme, person, count)
    client.force_login(person)

    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("dashboard"))

    assert "Briefed</span>" in response.content.decode()


@pytest.mark.parametrize("person", ["mentor", "board_member"])
@pytest.mark.parametrize("page", ["events", "dashboard"])
def test_the_participants_pages_do_not_grow_with_events(client, request, programme, person, page):
    person = request.getfixturevalue(person)
    client.force_login(person)
    give_events(programme, person, 3)
    few = queries_for(client, reverse(page))

    give_events(programme, person, 27)
    many = queries_for(client, reverse(page))

    assert many == few


# --- the programme office's lists -----------------------------------------------------------


def invite_board_members(programme, count):
    """`count` board members, each on their own board with two themes: a third briefed, a
    third exempted, and a third not yet joined."""
    for n in range(count):
        board = BoardFactory(name=f"Board {programme.pk}-{n}")
        if n % 3 == 2:
            BoardMemberFactory(
                programme=programme, board=board, user=None, email=f"invitee{n}@example.com"
            )
            continue
        member = BoardMemberFactory(programme=programme, board=board, themes=programme.themes.all())
        if n % 3 == 0:
            briefing = EventFactory(
                programme=programme,
                audience=Audience.BOARD_MEMBERS,
                starts_at=timezone.now() - timedelta(days=n + 1),
            )
            RegistrationFactory(
                event=briefing, person=member.user, status=RegistrationStatus.ATTENDED
            )
        else:
            BriefingExemption.objects.create(
                programme=programme, person=member.user, note="Briefed one-to-one."
            )


def set_up_events(programme, count):
    """`count` events, each on its own day, with three people registered."""
    for n in range(count):
        event = EventFactory(
            programme=programme,
            audience=AUDIENCES[n % 3],
            starts_at=timezone.now() + timedelta(days=n + 1),
        )
        for status in OTHERS_STATUSES:
            RegistrationFactory(event=event, status=status)


# 1 session, 2 user, 3 whether they have an authenticator, are a coordinator, and their
# permissions (one query: accounts.access.staff_facts_read), 4-5 filter choices (programme,
# board), 6 filtered count, 7 full count, 8 the page of board members with user and board,
# and whether briefed (one query, JOINs and EXISTS), 9 their programmes (each once, not once
# a row).
BOARD_MEMBER_LIST_QUERIES = 9

# 1 session, 2 user, 3 whether they have an authenticator, are a coordinator, and their
# permissions (one query: accounts.access.staff_facts_read), 4 filter choices (programme),
# 5 filtered count, 6 full count, 7 the page of events with their programme, places taken
# and whether attendance is recorded (one query, JOIN and subqueries), 8-9 date hierarchy
# (first and last date, then the days).
EVENT_LIST_QUERIES = 9


@pytest.mark.parametrize("count", [5, 50])
def test_the_board_member_list_costs_the_same_for_few_and_many_board_members(
    client, coordinator, programme, django_assert_max_num_queries, count
):
    invite_board_members(programme, count)
    client.force_login(coordinator)

    with django_assert_max_num_queries(BOARD_MEMBER_LIST_QUERIES):
        response = client.get(reverse("admin:mentoring_boardmember_changelist"))

    # Each of them, and the cast's two board members.
    assert response.content.decode().count('<td class="field-briefed">') == count + 2


@pytest.mark.parametrize("count", [5, 50])
def test_the_event_list_costs_the_same_for_few_and_many_events(
    client, coordinator, programme, django_assert_max_num_queries, count
):
    set_up_events(programme, count)
    client.force_login(coordinator)

    with django_assert_max_num_queries(EVENT_LIST_QUERIES):
        response = client.get(reverse("admin:mentoring_event_changelist"))

    # Each of them, and the cast's two briefings, each attended by one pair's two people.
    places = response.content.decode().count('<td class="field-places">2 of 20</td>')
    assert places == count + 2


def test_the_board_member_list_does_not_grow_with_board_members(client, coordinator, programme):
    url = reverse("admin:mentoring_boardmember_changelist")
    client.force_login(coordinator)
    # Two programmes from the start: with one, the programme filter is not shown, and the
    # rows read their programme with one query more (accounts.admin_base.SharedRowsChangeList).
    other = ProgrammeFactory()
    invite_board_members(programme, 5)
    few = queries_for(client, url)

    invite_board_members(other, 45)
    many = queries_for(client, url)

    assert many == few


def test_the_event_list_does_not_grow_with_events(client, coordinator, programme):
    url = reverse("admin:mentoring_event_changelist")
    client.force_login(coordinator)
    set_up_events(programme, 5)
    few = queries_for(client, url)

    set_up_events(ProgrammeFactory(), 45)
    many = queries_for(client, url)

    assert many == few


# 1 the mentors' applications and 2 the board memberships in those programmes, each with
# whether the briefing rule still counts them without these places (EXISTS), 3 their
# active pairs.
ABSENCE_QUERIES = 3


@pytest.mark.parametrize("count", [2, 20])
def test_what_marking_absent_changes_costs_the_same_for_few_and_many(
    programme, django_assert_num_queries, count
):
    briefings = {
        audience: EventFactory(
            programme=programme, audience=audience, starts_at=timezone.now() - timedelta(days=3)
        )
        for audience in AUDIENCES
    }
    attended = []
    for n in range(count):
        if n % 2:
            person = MentorApplicationFactory(programme=programme).applicant
        else:
            person = BoardMemberFactory(programme=programme).user
        attended.append(
            RegistrationFactory(event=briefings[AUDIENCES[n % 3]], person=person, status="attended")
        )
    rows = list(
        Registration.objects.filter(pk__in=[r.pk for r in attended]).select_related(
            "event", "person"
        )
    )

    with django_assert_num_queries(ABSENCE_QUERIES):
        consequences = absence_consequences(rows)

    assert len(consequences) == count
