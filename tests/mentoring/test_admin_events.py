"""The programme office sets up briefings, records who came, and sees who is still to be
briefed, in the admin."""

import html
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from mentoring.models import (
    Audience,
    BoardMember,
    BriefingExemption,
    Event,
    EventKind,
    Registration,
    RegistrationStatus,
)
from mentoring.services.events import EventError, event_update
from tests.admin_pages import confirmed, words
from tests.briefings import cast_briefings_held
from tests.cast import from_the_cast
from tests.event_admin import as_posted, change_url
from tests.factories import (
    BoardMemberFactory,
    EventFactory,
    MentorApplicationFactory,
    ProgrammeFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 9, 15, 10, 0, tzinfo=LONDON)

EVENT_ADD = reverse("admin:mentoring_event_add")
EVENTS = reverse("admin:mentoring_event_changelist")
REGISTRATIONS = reverse("admin:mentoring_registration_changelist")
BOARD_MEMBERS = reverse("admin:mentoring_boardmember_changelist")
APPLICATIONS = reverse("admin:mentoring_mentorapplication_changelist")
EXEMPTION_ADD = reverse("admin:mentoring_briefingexemption_add")
EXEMPTIONS = reverse("admin:mentoring_briefingexemption_changelist")


@pytest.fixture(autouse=True)
def _mid_september(time_machine):
    time_machine.move_to(NOW, tick=False)


programme = from_the_cast("programme")
coordinator = from_the_cast("coordinator")
staff_member = from_the_cast("outsider")  # Olu, signed-up staff in no programme


def not_the_casts(model, cast):
    """Every event or registration but the briefings the cast's pairs attended."""
    pairs = [cast.mentor, cast.board_member, cast.other_mentor, cast.other_board_member]
    if model is Event:
        return Event.objects.exclude(registrations__person__in=pairs)
    return Registration.objects.exclude(person__in=pairs)


@pytest.fixture
def office(client, coordinator):
    """The coordinator's browser, signed in to the programme office."""
    client.force_login(coordinator)
    return client


def person(full_name):
    address = full_name.lower().replace(" ", ".")
    return UserFactory(full_name=full_name, email=f"{address}@example.org")


def messages_shown(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def with_management_forms(client, url, data) -> dict:
    """What the admin form at `url` posts: `data` and each inline's management form."""
    response = client.get(url)
    data = dict(data)
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name, field in management.fields.items():
            data[management.add_prefix(name)] = management.initial.get(name, field.initial)
    return data


# --- setting up an event --------------------------------------------------------------------


def event_form(programme, **changes):
    data = {
        "programme": programme.pk,
        "kind": EventKind.BRIEFING,
        "audience": Audience.BOARD_MEMBERS,
        "title": "Board-member briefing",
        "description": "What reverse mentoring is, and what to expect from your mentor.",
        "starts_at_0": "08/10/2026",
        "starts_at_1": "14:00",
        "ends_at_0": "",
        "ends_at_1": "",
        "location": "Senate Room, Main Building",
        "online_url": "",
        "capacity": "12",
    }
    data.update(changes)
    return data


def test_an_event_without_an_end_time_lasts_half_a_day(office, programme, cast):
    response = office.post(
        EVENT_ADD, with_management_forms(office, EVENT_ADD, event_form(programme))
    )

    assert response.status_code == 302
    event = not_the_casts(Event, cast).get()
    assert event.title == "Board-member briefing"
    assert event.starts_at == datetime(2026, 10, 8, 14, 0, tzinfo=LONDON)
    assert event.ends_at == datetime(2026, 10, 8, 17, 30, tzinfo=LONDON)
    assert event.capacity == 12


def test_an_end_time_given_is_kept(office, programme, cast):
    data = event_form(programme, ends_at_0="08/10/2026", ends_at_1="16:00")

    office.post(EVENT_ADD, with_management_forms(office, EVENT_ADD, data))

    assert not_the_casts(Event, cast).get().ends_at == datetime(2026, 10, 8, 16, 0, tzinfo=LONDON)


# --- moving an event keeps its length, as moving a meeting does ------------------------------


@pytest.fixture
def december_evaluation(programme):
    """10 December, 10:00 to 12:00 (not the half day an empty end makes)."""
    return EventFactory(
        programme=programme,
        kind=EventKind.EVALUATION,
        title="Evaluation and learning session",
        starts_at=datetime(2026, 12, 10, 10, 0, tzinfo=LONDON),
        ends_at=datetime(2026, 12, 10, 12, 0, tzinfo=LONDON),
    )


def test_the_change_form_leaves_the_end_empty_and_says_the_length_is_kept(
    office, december_evaluation
):
    page = office.get(change_url(december_evaluation)).content.decode()

    for end in re.findall(r'<input[^>]*name="ends_at_[01]"[^>]*>', page):
        assert "value=" not in end
    assert (
        "It ends at 12:00 on 10 December 2026. Leave empty to keep its length "
        "(2 hours) wherever the start moves."
    ) in page


# What the coordinator types: the start moved to 11 December at 14:00.
MOVED_START = {"starts_at_0": "11/12/2026", "starts_at_1": "14:00"}


@pytest.mark.parametrize(
    ("end", "ends_at"),
    [
        ({"ends_at_0": "", "ends_at_1": ""}, datetime(2026, 12, 11, 16, 0, tzinfo=LONDON)),
        (
            {"ends_at_0": "11/12/2026", "ends_at_1": "15:00"},
            datetime(2026, 12, 11, 15, 0, tzinfo=LONDON),
        ),
    ],
    ids=["end left empty: the length is kept", "end typed: it is kept"],
)
def test_a_moved_start_keeps_the_events_length_unless_an_end_is_typed(
    office, december_evaluation, end, ends_at
):
    data = as_posted(office, december_evaluation, **MOVED_START, **end)

    response = office.post(change_url(december_evaluation), data)

    assert response.status_code == 302, words(response.content.decode())
    december_evaluation.refresh_from_db()
    assert december_evaluation.starts_at == datetime(2026, 12, 11, 14, 0, tzinfo=LONDON)
    assert december_evaluation.ends_at == ends_at


def test_a_page_with_errors_names_the_event_as_saved_not_as_typed(office, december_evaluation):
    RegistrationFactory(event=december_evaluation, person=person("Priya Patel"))
    data = as_posted(office, december_evaluation, title="Renamed session", location="")

    response = office.post(change_url(december_evaluation), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Give the event a place, an online link, or both." in page
    assert 'value="Renamed session"' in page  # what was typed stays in the field
    assert "<h2>Evaluation and learning session (10 Dec 2026)</h2>" in page
    breadcrumbs = re.search(r'<div class="breadcrumbs">.*?</div>', page, re.S).group(0)
    assert "Evaluation and learning session (10 Dec 2026)" in breadcrumbs
    assert "Priya Patel at Evaluation and learning session (10 Dec 2026)" in page
    assert "Renamed session" not in page.replace('value="Renamed session"', "")


# --- the people holding places keep them: programme, kind and audience ------------------------


@pytest.fixture
def joint_evaluation(cast):
    """Maya and Omar (mentors) and Bola (a board member) hold places."""
    event = EventFactory(
        programme=cast.programme,
        kind=EventKind.EVALUATION,
        audience=Audience.JOINT,
        title="Evaluation and learning session",
        starts_at=datetime(2026, 12, 10, 10, 0, tzinfo=LONDON),
    )
    for member in (cast.mentor, cast.other_mentor, cast.board_member):
        RegistrationFactory(event=event, person=member)
    return event


@pytest.fixture
def held_briefing(cast):
    """Last week's mentors' briefing: Maya attended, Omar was absent; only the office's
    record of it makes Maya briefed (her own briefing is marked absent here)."""
    event = EventFactory(
        programme=cast.programme,
        kind=EventKind.BRIEFING,
        audience=Audience.MENTORS,
        title="Mentor briefing",
        starts_at=NOW - timedelta(days=7),
    )
    Registration.objects.filter(person=cast.mentor).update(status=RegistrationStatus.ABSENT)
    RegistrationFactory(event=event, person=cast.mentor, status=RegistrationStatus.ATTENDED)
    RegistrationFactory(event=event, person=cast.other_mentor, status=RegistrationStatus.ABSENT)
    return event


def select_of(page: str, name: str) -> str:
    return re.search(rf'<select[^>]*name="{name}"[^>]*>', page).group(0)


def test_an_event_with_places_taken_shows_what_it_is_read_only_and_says_why(
    office, joint_evaluation
):
    page = office.get(change_url(joint_evaluation)).content.decode()

    for name in ("programme", "kind", "audience"):
        assert "disabled" in select_of(page, name)
    assert (
        "3 places are taken, so it stays in its programme. To run it for another programme, "
        "set up a new event there."
    ) in page
    assert (
        "3 places are taken, so it stays an evaluation event: changing it would change what "
        "they signed up for and whether coming counts as being briefed. To run another kind of "
        "event, set up a new one."
    ) in page
    assert (
        "3 places are taken, so it stays for mentors and board members together: changing it "
        "would change who it is for. For another audience, set up a new event."
    ) in page


def test_a_programme_posted_for_an_event_with_places_taken_is_refused(office, joint_evaluation):
    other = ProgrammeFactory(name="Medical School cohort", slug="medics")

    response = office.post(
        change_url(joint_evaluation), as_posted(office, joint_evaluation, programme=other.pk)
    )

    assert response.status_code == 200
    assert "People hold places at this event, so it stays in its programme." in (
        response.content.decode()
    )
    assert Event.objects.get(pk=joint_evaluation.pk).programme_id == joint_evaluation.programme_id


def error_beside(response, name) -> list[str]:
    """The errors shown under the field `name` on the page, in words."""
    listed = re.search(
        rf'<ul class="errorlist" id="id_{name}_error">(.*?)</ul>', response.content.decode()
    )
    return [html.unescape(error) for error in re.findall(r"<li>(.*?)</li>", listed.group(1))]


def test_a_briefing_people_attended_cannot_become_another_kind_of_event(
    office, cast, held_briefing, mailoutbox
):
    response = office.post(
        change_url(held_briefing), as_posted(office, held_briefing, kind=EventKind.EVALUATION)
    )

    assert response.status_code == 200
    assert error_beside(response, "kind") == [
        "People hold places at this event, so it stays a briefing: changing it would change "
        "what they signed up for and whether coming counts as being briefed. To run another "
        "kind of event, set up a new one."
    ]
    assert Event.objects.get(pk=held_briefing.pk).kind == EventKind.BRIEFING
    application = cast.pair.mentor
    assert type(application).objects.with_briefed().get(pk=application.pk).is_briefed
    assert mailoutbox == []


def test_a_briefing_people_attended_keeps_its_audience(office, cast, held_briefing):
    response = office.post(
        change_url(held_briefing),
        as_posted(office, held_briefing, audience=Audience.BOARD_MEMBERS),
    )

    assert response.status_code == 200
    assert error_beside(response, "audience") == [
        "People hold places at this event, so it stays for mentors: changing it would change "
        "who it is for and whether coming counts as being briefed. For another audience, set "
        "up a new event."
    ]
    assert Event.objects.get(pk=held_briefing.pk).audience == Audience.MENTORS


def test_an_event_where_nobody_holds_a_place_any_more_can_change_kind_and_audience(
    office, joint_evaluation
):
    joint_evaluation.registrations.update(status=RegistrationStatus.CANCELLED)

    response = office.post(
        change_url(joint_evaluation),
        as_posted(office, joint_evaluation, kind=EventKind.BRIEFING, audience=Audience.MENTORS),
    )

    assert response.status_code == 302
    saved = Event.objects.get(pk=joint_evaluation.pk)
    assert (saved.kind, saved.audience) == (EventKind.BRIEFING, Audience.MENTORS)


@pytest.mark.parametrize(
    "change",
    [{"audience": Audience.MENTORS}, {"kind": EventKind.BRIEFING}, {"programme": "another"}],
    ids=["audience", "kind", "another programme"],
)
def test_the_service_refuses_the_same_changes(joint_evaluation, change):
    event = Event.objects.get(pk=joint_evaluation.pk)
    if change.get("programme"):
        event.programme = ProgrammeFactory(name="Medical School cohort", slug="medics")
    else:
        for name, value in change.items():
            setattr(event, name, value)

    with pytest.raises(EventError):
        event_update(event=event)

    saved = Event.objects.get(pk=joint_evaluation.pk)
    assert (saved.programme_id, saved.kind, saved.audience) == (
        joint_evaluation.programme_id,
        "evaluation",
        "joint",
    )


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"location": ""}, "Give the event a place, an online link, or both."),
        ({"ends_at_0": "08/10/2026", "ends_at_1": "13:00"}, "The event must end after it starts."),
        (
            {"starts_at_0": "25/10/2026", "starts_at_1": "01:30"},
            "01:30 on 25 October 2026 happens twice in Europe/London: the clocks go back an "
            "hour then. Choose a time outside that hour.",
        ),
        (
            {"starts_at_0": "28/03/2027", "starts_at_1": "01:30"},
            "There is no 01:30 on 28 March 2027 in Europe/London: the clocks go forward an "
            "hour then. Choose a time outside that hour.",
        ),
    ],
)
def test_an_event_that_breaks_a_rule_is_refused_in_plain_words(
    office, programme, cast, changes, said
):
    data = event_form(programme, **changes)

    response = office.post(EVENT_ADD, with_management_forms(office, EVENT_ADD, data))

    page = response.content.decode()
    assert response.status_code == 200
    assert said in page
    assert "Constraint" not in page
    assert not not_the_casts(Event, cast).exists()


def test_an_event_without_a_place_or_link_is_told_so_beside_the_place(office, programme, cast):
    data = event_form(programme, location="", online_url="")

    response = office.post(EVENT_ADD, with_management_forms(office, EVENT_ADD, data))

    page = response.content.decode()
    assert response.status_code == 200
    assert error_beside(response, "location") == [
        "Give the event a place, an online link, or both."
    ]
    summary = re.search(r'<div class="alert alert-danger error-summary".*?</ul>', page, re.S)
    assert re.findall(r"<li>(.*?)</li>", summary.group(0)) == [
        '<a class="alert-link" href="#id_location">'
        "Give the event a place, an online link, or both.</a>"
    ]
    assert page.count("Give the event a place, an online link, or both.") == 2
    assert not not_the_casts(Event, cast).exists()


def test_an_event_ending_before_it_starts_is_told_so_beside_its_end(office, programme, cast):
    """Said as the whole form's error, unlinked, the end's boxes were not marked, and a screen
    reader in them heard only their help."""
    data = event_form(programme, ends_at_0="08/10/2026", ends_at_1="13:00")

    response = office.post(EVENT_ADD, with_management_forms(office, EVENT_ADD, data))

    page = response.content.decode()
    assert error_beside(response, "ends_at") == ["The event must end after it starts."]
    summary = re.search(r'<div class="alert alert-danger error-summary".*?</ul>', page, re.S)
    assert re.findall(r"<li>(.*?)</li>", summary.group(0)) == [
        '<a class="alert-link" href="#id_ends_at_0">The event must end after it starts.</a>'
    ]
    assert re.search(r'name="ends_at_0"[^>]*aria-describedby="[^"]*id_ends_at_error', page)
    assert not not_the_casts(Event, cast).exists()


def test_an_event_that_breaks_two_rules_is_told_both_at_once(office, programme, cast):
    data = event_form(programme, location="", ends_at_0="08/10/2026", ends_at_1="13:00")

    response = office.post(EVENT_ADD, with_management_forms(office, EVENT_ADD, data))

    page = response.content.decode()
    assert response.status_code == 200
    for message in (
        "The event must end after it starts.",
        "Give the event a place, an online link, or both.",
    ):
        assert message in page
    assert not not_the_casts(Event, cast).exists()


def test_the_event_list_shows_the_places_taken(office, programme):
    briefing = EventFactory(programme=programme, title="Mentor briefing", capacity=20)
    for status in ("registered", "registered", "attended", "absent", "cancelled"):
        RegistrationFactory(event=briefing, status=status)
    EventFactory(programme=programme, title="Empty briefing", capacity=8)

    content = office.get(EVENTS).content.decode()

    assert '<td class="field-places">4 of 20</td>' in content
    assert '<td class="field-places">0 of 8</td>' in content


def test_the_event_list_filters_upcoming_and_past_events_by_the_clock(office, programme):
    for title, starts in [
        ("Yesterday's briefing", NOW - timedelta(days=1)),
        ("This morning's briefing", NOW - timedelta(hours=2)),
        ("This afternoon's briefing", NOW + timedelta(hours=4)),
        ("Next month's briefing", NOW + timedelta(days=30)),
    ]:
        EventFactory(programme=programme, title=title, starts_at=starts)

    def listed(query):
        response = office.get(f"{EVENTS}?{query}")
        assert response.status_code == 200
        return {event.title for event in response.context["cl"].result_list} & {
            "Yesterday's briefing",
            "This morning's briefing",
            "This afternoon's briefing",
            "Next month's briefing",
        }

    page = office.get(EVENTS).content.decode()
    assert "?starts_at__when=upcoming" in page
    assert "?starts_at__when=past" in page
    assert listed("starts_at__when=upcoming") == {
        "This afternoon's briefing",
        "Next month's briefing",
    }
    assert listed("starts_at__when=past") == {"Yesterday's briefing", "This morning's briefing"}
    assert len(listed("starts_at__when=whenever")) == 4
    faceted = office.get(f"{EVENTS}?_facets=True&starts_at__when=upcoming").content.decode()
    assert re.search(r"Upcoming \(\d+\)", faceted)


def test_an_event_page_lists_who_registered(office, programme):
    briefing = EventFactory(programme=programme)
    RegistrationFactory(event=briefing, person=person("Priya Patel"))

    content = office.get(reverse("admin:mentoring_event_change", args=[briefing.pk])).content
    assert "Priya Patel" in content.decode()


# --- attendance -----------------------------------------------------------------------------


@pytest.fixture
def yesterdays_briefing(programme):
    return EventFactory(
        programme=programme, title="Yesterday's briefing", starts_at=NOW - timedelta(days=1)
    )


@pytest.fixture
def next_months_briefing(programme):
    return EventFactory(
        programme=programme, title="Next month's briefing", starts_at=NOW + timedelta(days=30)
    )


@pytest.fixture
def registrations(yesterdays_briefing, next_months_briefing):
    """Who signed up for what, by first name."""
    return {
        "priya": RegistrationFactory(event=yesterdays_briefing, person=person("Priya Patel")),
        "tom": RegistrationFactory(event=yesterdays_briefing, person=person("Tom Tran")),
        "dana": RegistrationFactory(
            event=yesterdays_briefing, person=person("Dana Dunn"), status="cancelled"
        ),
        "ada": RegistrationFactory(
            event=yesterdays_briefing, person=person("Ada Adeyemi"), status="attended"
        ),
        "omar": RegistrationFactory(event=next_months_briefing, person=person("Omar Okafor")),
    }


def act(client, action, registrations, url=REGISTRATIONS, **posted):
    return client.post(
        url,
        {"action": action, "_selected_action": [r.pk for r in registrations], **posted},
        follow=True,
    )


def statuses(registrations) -> dict:
    return {
        name: Registration.objects.get(pk=registration.pk).status
        for name, registration in registrations.items()
    }


def test_coordinators_mark_who_attended_a_briefing_that_has_taken_place(office, registrations):
    response = act(office, "mark_attended", registrations.values())

    assert messages_shown(response) == [
        "2 people marked attended.",
        "Left as they were: Omar Okafor, whose event has not started yet; Dana Dunn, who had "
        "cancelled their place; Ada Adeyemi, already marked attended.",
    ]
    assert statuses(registrations) == {
        "priya": "attended",
        "tom": "attended",
        "dana": "cancelled",
        "ada": "attended",
        "omar": "registered",
    }


def test_coordinators_mark_who_was_absent_and_can_correct_a_mistake(office, registrations):
    chosen = [registrations["tom"], registrations["ada"]]
    asked = act(office, "mark_absent", chosen)
    assert "Mark 2 people absent?" in words(asked.content.decode())  # Ada had attended
    assert statuses(registrations)["ada"] == "attended"

    response = act(office, "mark_absent", chosen, **confirmed(asked))

    assert messages_shown(response) == ["2 people marked absent."]
    assert statuses(registrations) == {
        "priya": "registered",
        "tom": "absent",
        "dana": "cancelled",
        "ada": "absent",
        "omar": "registered",
    }


def test_yes_marks_absent_only_those_as_the_page_showed_them(office, registrations):
    """A colleague records Tom as attended after the page asked about him (as registered):
    "Yes" leaves him as he now is, and says so, rather than undo their record unasked."""
    chosen = [registrations["tom"], registrations["ada"]]
    asked = act(office, "mark_absent", chosen)
    assert "Tom Tran" in words(asked.content.decode())
    Registration.objects.filter(pk=registrations["tom"].pk).update(status="attended")

    response = act(office, "mark_absent", chosen, **confirmed(asked))

    assert messages_shown(response) == [
        "1 person marked absent.",
        "Left as they were: Tom Tran, whose place changed after the page asking you was shown.",
    ]
    assert statuses(registrations)["tom"] == "attended"
    assert statuses(registrations)["ada"] == "absent"


def test_no_one_is_marked_for_an_event_that_has_not_started(office, registrations):
    response = act(office, "mark_attended", [registrations["omar"]])

    # Nothing done is not announced as done.
    assert messages_shown(response) == [
        "Left as they were: Omar Okafor, whose event has not started yet."
    ]
    assert statuses(registrations)["omar"] == RegistrationStatus.REGISTERED


def test_everyone_left_as_they_were_is_named(office, registrations, next_months_briefing):
    zoe = RegistrationFactory(event=next_months_briefing, person=person("Zoe Zhang"))

    response = act(office, "mark_absent", [registrations["omar"], zoe])

    assert messages_shown(response) == [
        "Left as they were: Omar Okafor and Zoe Zhang, whose event has not started yet."
    ]


def test_marking_absent_someone_who_attended_says_first_what_changes(office, cast):
    cast_briefings_held(cast)
    maya = Registration.objects.get(person=cast.mentor, status=RegistrationStatus.ATTENDED)
    exempted = Registration.objects.get(
        person=cast.other_mentor, status=RegistrationStatus.ATTENDED
    )
    BriefingExemption.objects.create(
        programme=cast.programme, person=cast.other_mentor, note="Briefed one-to-one."
    )

    page = act(office, "mark_absent", [maya, exempted])

    text = words(page.content.decode())
    assert "Mark 2 people absent?" in text
    assert (
        f"Maya Mentor, {maya.event}: recorded as attended; will no longer count as briefed, "
        "though they are in a pair (the pair stays as it is)"
    ) in text
    assert (
        f"Omar Other, {exempted.event}: recorded as attended; still counts as briefed "
        "(another briefing attended, or an exemption)"
    ) in text
    assert 'value="Yes, mark 2 people absent"' in page.content.decode()
    assert Registration.objects.get(pk=maya.pk).status == RegistrationStatus.ATTENDED

    act(office, "mark_absent", [maya, exempted], **confirmed(page))

    assert Registration.objects.get(pk=maya.pk).status == RegistrationStatus.ABSENT


def test_what_marking_absent_says_is_what_the_briefing_rule_then_shows(office, cast):
    """A joint briefing counted for Maya as a mentor; a board members' briefing she sat in
    on does not, so without the joint one she is no longer briefed: the page says so, and
    the application list then shows it."""
    cast_briefings_held(cast)
    Registration.objects.filter(person=cast.mentor).update(status=RegistrationStatus.ABSENT)
    board_members_briefing = Event.objects.get(
        programme=cast.programme, audience=Audience.BOARD_MEMBERS
    )
    RegistrationFactory(event=board_members_briefing, person=cast.mentor, status="attended")
    joint = RegistrationFactory(
        event=EventFactory(
            programme=cast.programme,
            audience=Audience.JOINT,
            title="Joint briefing",
            starts_at=NOW - timedelta(days=7),
        ),
        person=cast.mentor,
        status="attended",
    )

    page = act(office, "mark_absent", [joint])

    assert (
        f"Maya Mentor, {joint.event}: recorded as attended; will no longer count as briefed, "
        "though they are in a pair (the pair stays as it is)"
    ) in words(page.content.decode())

    act(office, "mark_absent", [joint], **confirmed(page))

    not_briefed = office.get(APPLICATIONS + "?briefed=no").content.decode()
    assert names_in_column(not_briefed, "applicant_name") == ["Maya Mentor"]


def test_marking_attendance_in_bulk_records_when_the_place_changed(
    office, registrations, time_machine
):
    time_machine.move_to(NOW + timedelta(minutes=1), tick=False)

    act(office, "mark_attended", [registrations["tom"]])

    tom = Registration.objects.get(pk=registrations["tom"].pk)
    assert tom.updated_at == NOW + timedelta(minutes=1)


def test_registrations_cannot_be_added_by_hand(office):
    assert office.get(reverse("admin:mentoring_registration_add")).status_code == 403


# --- who is still to be briefed -------------------------------------------------------------


def attended(user, programme, audience):
    event = EventFactory(programme=programme, audience=audience, starts_at=NOW - timedelta(days=3))
    RegistrationFactory(event=event, person=user, status=RegistrationStatus.ATTENDED)


def names_in_column(content: str, column: str) -> list[str]:
    return sorted(re.findall(rf'<th class="field-{column}"><a [^>]*>([^<]*)</a>', content))


@pytest.fixture
def board_members(programme, coordinator):
    """Jonathan came to a board-member briefing, Mira was briefed one-to-one, Nadia came only
    to the mentors' briefing, and Hugo has not joined yet."""
    jonathan = BoardMemberFactory(programme=programme, user=person("Jonathan Hale")).user
    attended(jonathan, programme, Audience.BOARD_MEMBERS)
    mira = BoardMemberFactory(programme=programme, user=person("Mira Shah")).user
    BriefingExemption.objects.create(
        programme=programme, person=mira, note="Briefed one-to-one.", recorded_by=coordinator
    )
    nadia = BoardMemberFactory(programme=programme, user=person("Nadia Noor")).user
    attended(nadia, programme, Audience.MENTORS)
    BoardMemberFactory(programme=programme, user=None, email="hugo@example.com")


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("?briefed=no", ["(not joined yet)", "Nadia Noor"]),
        # The cast's board members, Bola and Olive, attended their briefing.
        ("?briefed=yes", ["Bola Board", "Jonathan Hale", "Mira Shah", "Olive Other"]),
        (
            "",
            [
                "(not joined yet)",
                "Bola Board",
                "Jonathan Hale",
                "Mira Shah",
                "Nadia Noor",
                "Olive Other",
            ],
        ),
    ],
)
def test_the_board_member_list_filters_who_is_not_yet_briefed(office, board_members, query, names):
    content = office.get(BOARD_MEMBERS + query).content.decode()
    assert names_in_column(content, "name") == names


@pytest.fixture
def mentors(programme, coordinator):
    """Priya came to the mentors' briefing, Wes was exempted, Ada came only to the board
    members' briefing, and Tom has not been briefed."""
    priya = MentorApplicationFactory(programme=programme, applicant=person("Priya Patel"))
    attended(priya.applicant, programme, Audience.MENTORS)
    wes = MentorApplicationFactory(programme=programme, applicant=person("Wes Ward"))
    BriefingExemption.objects.create(
        programme=programme,
        person=wes.applicant,
        note="Briefed last year.",
        recorded_by=coordinator,
    )
    ada = MentorApplicationFactory(programme=programme, applicant=person("Ada Adeyemi"))
    attended(ada.applicant, programme, Audience.BOARD_MEMBERS)
    MentorApplicationFactory(programme=programme, applicant=person("Tom Tran"))
    # A briefing in another programme does not count in this one.
    other = ProgrammeFactory()
    attended(ada.applicant, other, Audience.MENTORS)


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("?briefed=no", ["Ada Adeyemi", "Tom Tran"]),
        # The cast's mentors, Maya and Omar, attended theirs.
        ("?briefed=yes", ["Maya Mentor", "Omar Other", "Priya Patel", "Wes Ward"]),
    ],
)
def test_the_application_list_filters_who_is_not_yet_briefed(office, mentors, query, names):
    content = office.get(APPLICATIONS + query).content.decode()
    assert names_in_column(content, "applicant_name") == names


def test_the_lists_show_a_briefed_column(office, board_members, mentors):
    for url in (BOARD_MEMBERS, APPLICATIONS):
        content = office.get(url).content.decode()
        ticks = re.findall(r'<td class="field-briefed"><img [^>]*alt="(True|False)">', content)
        # Two of this module's people are briefed and two are not, and the cast's two are.
        assert sorted(ticks) == ["False", "False", "True", "True", "True", "True"]


# --- exemptions -----------------------------------------------------------------------------


def test_a_coordinator_records_an_exemption_and_it_counts_as_briefed(
    office, coordinator, programme
):
    tom = MentorApplicationFactory(programme=programme, applicant=person("Tom Tran")).applicant
    assert office.get(EXEMPTION_ADD).status_code == 200

    response = office.post(
        EXEMPTION_ADD,
        {"programme": programme.pk, "person": tom.pk, "note": "Briefed one-to-one on 2 October."},
        follow=True,
    )

    assert "was added successfully" in messages_shown(response)[0]
    exemption = BriefingExemption.objects.get()
    assert (exemption.programme, exemption.person) == (programme, tom)
    assert exemption.recorded_by == coordinator
    assert exemption.recorded_at == NOW
    assert "Carmen Coordinator" in office.get(EXEMPTIONS).content.decode()
    content = office.get(APPLICATIONS + "?briefed=yes").content.decode()
    assert names_in_column(content, "applicant_name") == ["Maya Mentor", "Omar Other", "Tom Tran"]


def test_an_exemption_is_recorded_once_per_person_and_programme(office, coordinator, programme):
    tom = person("Tom Tran")
    BriefingExemption.objects.create(programme=programme, person=tom, note="First.")

    response = office.post(
        EXEMPTION_ADD, {"programme": programme.pk, "person": tom.pk, "note": "Again."}
    )

    assert response.status_code == 200
    assert BriefingExemption.objects.get().note == "First."


# --- who gets in ----------------------------------------------------------------------------


def admin_pages(programme):
    event = EventFactory(programme=programme)
    registration = RegistrationFactory(event=event)
    member = BoardMemberFactory(programme=programme)
    return [
        EVENTS,
        EVENT_ADD,
        reverse("admin:mentoring_event_change", args=[event.pk]),
        REGISTRATIONS,
        reverse("admin:mentoring_registration_change", args=[registration.pk]),
        BOARD_MEMBERS,
        reverse("admin:mentoring_boardmember_add"),
        reverse("admin:mentoring_boardmember_change", args=[member.pk]),
        EXEMPTIONS,
        EXEMPTION_ADD,
    ]


def test_a_staff_member_who_is_not_a_coordinator_is_refused(client, staff_member, programme):
    client.force_login(staff_member)
    for url in admin_pages(programme):
        assert client.get(url, follow=True).status_code == 403, url


def test_an_admin_user_without_coordinator_permissions_is_refused(client, programme, cast):
    helper = UserFactory(is_staff=True)
    TOTP.activate(helper, generate_totp_secret())
    client.force_login(helper)
    for url in admin_pages(programme):
        assert client.get(url).status_code == 403, url

    registration = not_the_casts(Registration, cast).get()
    registration.event.starts_at = NOW - timedelta(hours=1)
    registration.event.save()
    act(client, "mark_attended", [registration])
    client.post(EVENT_ADD, event_form(programme, title="Forged briefing"))
    client.post(
        reverse("admin:mentoring_boardmember_add"),
        {"programme": programme.pk, "email": "forged@example.com"},
    )

    assert not_the_casts(Registration, cast).get().status == RegistrationStatus.REGISTERED
    assert not Event.objects.filter(title="Forged briefing").exists()
    assert not BoardMember.objects.filter(email="forged@example.com").exists()


def test_delete_is_offered_only_for_an_event_nobody_registered_for(office, programme):
    empty = EventFactory(programme=programme, title="Nobody came yet")
    taken = EventFactory(programme=programme, title="Briefing with places taken")
    RegistrationFactory(event=taken)

    def change_page(event):
        return office.get(reverse("admin:mentoring_event_change", args=[event.pk])).content

    assert b"deletelink" in change_page(empty)
    assert b"deletelink" not in change_page(taken)
    assert b"delete_selected" not in office.get(EVENTS).content
    delete_url = reverse("admin:mentoring_event_delete", args=[taken.pk])
    refused = office.post(delete_url, {"post": "yes"})
    assert refused.url == reverse("admin:mentoring_event_change", args=[taken.pk])
    assert Event.objects.filter(pk=taken.pk).exists()
    # Its address opened anyway says why, on the event's page.
    told = office.get(delete_url, follow=True)
    assert "People registered for this event, so it is not deleted" in words(told.content.decode())
    assert Event.objects.filter(pk=taken.pk).exists()


# --- an event people hold places at moves only to a time to come -----------------------------

INTO_THE_PAST = {"starts_at_0": "01/09/2026", "starts_at_1": "10:00"}
MOVED_INTO_THE_PAST = (
    "1 place is taken, so it moves only to a time to come: everyone holding a place is "
    "emailed the new time. If it will not happen, call it off instead."
)


def test_an_event_with_places_taken_is_not_moved_to_a_time_gone_by(
    office, december_evaluation, mailoutbox
):
    RegistrationFactory(event=december_evaluation, person=person("Priya Patel"))
    data = as_posted(office, december_evaluation, **INTO_THE_PAST)

    response = office.post(change_url(december_evaluation), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["starts_at"] == [MOVED_INTO_THE_PAST]
    december_evaluation.refresh_from_db()
    assert december_evaluation.starts_at == datetime(2026, 12, 10, 10, 0, tzinfo=LONDON)
    assert mailoutbox == []


def test_the_service_refuses_it_too(december_evaluation):
    RegistrationFactory(event=december_evaluation, person=person("Priya Patel"))
    december_evaluation.starts_at = NOW - timedelta(days=14)
    december_evaluation.ends_at = december_evaluation.starts_at + timedelta(hours=2)

    with pytest.raises(EventError, match="so it moves only to a time to come"):
        event_update(event=december_evaluation)


def test_an_event_nobody_holds_a_place_at_may_be_dated_in_the_past(office, december_evaluation):
    """Recorded after the fact, say: nobody is emailed."""
    data = as_posted(office, december_evaluation, **INTO_THE_PAST)

    response = office.post(change_url(december_evaluation), data)

    assert response.status_code == 302
    december_evaluation.refresh_from_db()
    assert december_evaluation.starts_at == datetime(2026, 9, 1, 10, 0, tzinfo=LONDON)
