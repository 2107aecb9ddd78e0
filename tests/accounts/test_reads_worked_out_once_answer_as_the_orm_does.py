"""Reads whose SQL is worked out once per process (accounts.statements) answer what the ORM
answers for every person, and a read whose SQL would change from call to call is refused
the first time, not answered wrongly later."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.db.models import F, OuterRef, Value
from django.db.models.sql.compiler import SQLCompiler
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from accounts.statements import NotAStatement, Statement
from evaluation import audience
from mentoring import access, navigation, selectors
from mentoring.models import (
    BoardMember,
    EndReason,
    GroundRules,
    Match,
    MentorApplication,
    PairRequest,
    PairRequestKind,
    Programme,
    Theme,
)
from mentoring.selectors import pairs
from mentoring.services.matches import match_end
from mentoring.views import profile
from tests.cast import ROLES
from tests.factories import (
    BoardMemberFactory,
    DraftApplicationFactory,
    MentorApplicationFactory,
    MentorFactory,
    ProgrammeFactory,
    SurveyFactory,
    agree_ground_rules,
)
from tests.query_counts import loaded

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = [role for role in ROLES if role != "anonymous"] + ["other_board_member", "outsider"]


def facts_by_the_orm(user) -> dict:
    person = OuterRef("pk")
    expressions = navigation._own_facts(person) | {
        name: made(person) for name, made in navigation._facts.items()
    }
    facts = User.objects.filter(pk=user.pk).values(**expressions).get()
    facts["coordinator"] = facts["coordinator"] or user.is_superuser
    return facts


@pytest.mark.parametrize("role", PEOPLE)
def test_the_navigation_facts_are_the_orms_for_everyone(cast, role):
    person = getattr(cast, role)

    assert navigation._read(person) == facts_by_the_orm(person)


def test_the_navigation_facts_follow_a_change_of_the_same_person(cast):
    before = navigation._read(cast.other_mentor)
    match_end(match=cast.other_pair, reason=EndReason.COMPLETED, by=cast.coordinator)

    after = navigation._read(cast.other_mentor)
    assert before["paired_now"]
    assert not after["paired_now"]
    assert after == facts_by_the_orm(cast.other_mentor)


@pytest.mark.parametrize("role", PEOPLE)
def test_the_sides_a_survey_asks_are_the_orms_for_everyone(cast, role):
    person = getattr(cast, role)
    # Everyone is also an accepted mentor in another programme, never paired there.
    elsewhere = ProgrammeFactory(name="Elsewhere")
    MentorFactory(programme=elsewhere, applicant=person)
    surveys = [SurveyFactory(programme=cast.programme), SurveyFactory(programme=elsewhere)]
    by_the_orm = {
        survey.pk: {
            "mentor": _side_by_the_orm(
                MentorApplication.objects.filter(
                    applicant=person, status="accepted", programme=survey.programme
                ),
                Match.objects.filter(mentor=OuterRef("pk")),
                since="decided_at",
            ),
            "board_member": _side_by_the_orm(
                BoardMember.objects.filter(user=person, programme=survey.programme),
                Match.objects.filter(board_member=OuterRef("pk")),
                since="joined_at",
            ),
        }
        for survey in surveys
    }

    listed = {row.pk: row for row in audience._SURVEYS.fetch(person=person.pk)}
    for survey in surveys:
        read = audience.survey_read_for(person, survey.pk)
        if by_the_orm[survey.pk] == {"mentor": None, "board_member": None}:
            # On no side of its programme: neither read has the survey.
            assert read is None
            assert survey.pk not in listed
        else:
            assert audience.sides_read(read) == by_the_orm[survey.pk]
            assert audience.sides_read(listed[survey.pk]) == by_the_orm[survey.pk]


def _side_by_the_orm(profiles, pairs, *, since: str) -> audience.Side | None:
    rows = profiles.annotate(**audience.pair_facts(pairs)).values_list("until", since, "first")
    return audience.Side(*rows[0]) if rows else None


@pytest.mark.parametrize("summary", [False, True], ids=["pair page", "summary"])
@pytest.mark.parametrize("role", PEOPLE)
def test_the_pairs_are_the_orms_for_everyone(cast, role, summary):
    PairRequest.objects.create(match=cast.pair, kind=PairRequestKind.END, raised_by=cast.mentor)
    PairRequest.objects.create(
        match=cast.other_pair, kind=PairRequestKind.CONCERN, raised_by=cast.other_board_member
    )
    person = getattr(cast, role)

    fetched = pairs._PAIRS[summary].fetch(person=person.pk)

    by_the_orm = list(pairs._pairs_of(person.pk, summary=summary))
    assert [loaded(match) for match in fetched] == [loaded(match) for match in by_the_orm]
    assert bool(fetched) == (
        role in ("mentor", "board_member", "other_mentor", "other_board_member")
    )


def test_a_pair_page_reads_what_it_shows_with_the_pair(cast, django_assert_num_queries):
    PairRequest.objects.create(match=cast.pair, kind=PairRequestKind.END, raised_by=cast.mentor)
    (pair,) = pairs.pairs_for(cast.mentor)
    meetings = list(cast.pair.meetings.order_by("starts_at"))

    with django_assert_num_queries(0):
        assert pair.partner.full_name == cast.board_member.full_name
        assert pair.match.programme.name == cast.programme.name
        assert pair.match.board_member.board is None or pair.match.board_member.board.name
        assert pair.asked_to_end
        assert not pair.raised_concern
        assert pair.meetings == meetings


def test_a_pair_page_shows_the_partners_themes_agreements_and_newest_rules_as_the_orm_reads_them(
    cast,
):
    programme = cast.programme
    first, second, third = (
        Theme.objects.create(programme=programme, name=name, position=position)
        for name, position in (("Power", 2), ("Allyship", 1), ("Belonging", 1))
    )
    cast.pair.board_member.themes.set([first, second, third])
    cast.pair.mentor.themes.set([first])
    cast.other_pair.board_member.themes.set([second])
    GroundRules.objects.create(programme=programme, version=1, text="First rules")
    agree_ground_rules(cast.pair, cast.mentor)
    newest = GroundRules.objects.create(programme=programme, version=2, text="Second rules")
    agree_ground_rules(cast.pair, cast.mentor, cast.board_member)

    (as_mentor,) = pairs.pairs_for(cast.mentor)
    (as_board_member,) = pairs.pairs_for(cast.board_member)

    # The partner's themes, never the person's own, in the programme's order.
    assert as_mentor.partner_themes == [second, third, first]
    assert as_board_member.partner_themes == [first]
    for view in (as_mentor, as_board_member):
        assert (view.my_agreed_version, view.partner_agreed_version) == (2, 2)
        assert view.rules == newest
        assert (view.rules.text, view.rules.created_at) == (newest.text, newest.created_at)
        assert view.i_agreed_current
    # A summary reads no versions nor rules: only whether each of the two agreed any.
    (summary,) = pairs.pairs_for(cast.mentor, summary=True)
    assert not hasattr(summary.match, "my_agreed_version")
    assert not hasattr(summary.match, "rules")
    assert (summary.my_agreed_version, summary.rules) == (None, None)
    assert summary.both_agreed_any


@pytest.mark.parametrize("role", PEOPLE)
def test_the_applications_are_the_orms_for_everyone(cast, role):
    person = getattr(cast, role)

    fetched = selectors.applications_listed(person)

    by_the_orm = list(selectors.applications_of(person))
    assert [loaded(application) for application in fetched] == [
        loaded(application) for application in by_the_orm
    ]


@pytest.mark.parametrize("role", PEOPLE)
def test_the_newest_board_membership_is_the_orms_for_everyone(cast, role):
    person = getattr(cast, role)
    BoardMemberFactory(programme=ProgrammeFactory(slug="earlier"), user=cast.board_member)

    try:
        found = access.board_member_for_user(person, None)
    except Http404:
        found = None

    by_the_orm = access._memberships_of(person.pk).first()
    assert (found and loaded(found)) == (by_the_orm and loaded(by_the_orm))
    assert (found is not None) == (role in ("board_member", "other_board_member"))


@pytest.mark.parametrize("role", PEOPLE)
def test_the_application_to_a_programme_is_the_orms_for_everyone(cast, role):
    person = getattr(cast, role)

    found = selectors.application_to(person, cast.programme)

    by_the_orm = selectors.applications_of(person).filter(programme=cast.programme).first()
    assert (found and loaded(found)) == (by_the_orm and loaded(by_the_orm))
    assert (found is not None) == (role in ("mentor", "other_mentor"))


@pytest.mark.parametrize("role", PEOPLE)
def test_the_application_a_profile_names_is_the_orms_for_everyone(cast, role):
    person = getattr(cast, role)
    # Everyone has a draft somewhere newer still, which the page never names.
    DraftApplicationFactory(programme=ProgrammeFactory(slug="drafted"), applicant=person)
    if role == "mentor":  # and an older application sent elsewhere
        MentorApplicationFactory(
            programme=ProgrammeFactory(slug="earlier"),
            applicant=person,
            submitted_at=timezone.now() - timedelta(days=400),
        )

    found = profile.sent_application(person)

    by_the_orm = (
        MentorApplication.objects.sent()
        .filter(applicant=person)
        .select_related("programme")
        .first()
    )
    assert (found and loaded(found)) == (by_the_orm and loaded(by_the_orm))
    assert (found is not None) == (role in ("mentor", "other_mentor"))
    if role == "mentor":
        assert found.programme == cast.programme


@pytest.mark.parametrize("role", PEOPLE)
def test_the_partners_an_office_list_leaves_out_are_the_orms_for_everyone(cast, role):
    person = getattr(cast, role)

    left_out = User.objects.filter(pk__in=selectors.partners_ever_of_ids(person))

    assert set(left_out) == set(selectors.partners_ever_of(person))
    if role == "mentor":
        assert set(left_out) == {cast.board_member}


def test_the_orm_builds_a_statement_only_the_first_time(cast):
    built = []

    def emails(person: int):
        built.append(person)
        return User.objects.filter(pk=person).values("email", upper=F("full_name"))

    statement = Statement(emails)

    assert statement.fetch(person=cast.mentor.pk) == [
        {"email": cast.mentor.email, "upper": cast.mentor.full_name}
    ]
    assert statement.fetch(person=cast.board_member.pk) == [
        {"email": cast.board_member.email, "upper": cast.board_member.full_name}
    ]
    assert statement.fetch(person=2**40) == []
    assert len(built) == 2  # the stand-ins' two builds, compared; none since


def test_the_columns_converters_are_worked_out_once(cast, monkeypatch):
    statement = Statement(lambda person: User.objects.filter(pk=person))
    (first,) = statement.fetch(person=cast.mentor.pk)
    asked = []
    original = SQLCompiler.get_converters
    monkeypatch.setattr(
        SQLCompiler,
        "get_converters",
        lambda compiler, columns: asked.append(1) or original(compiler, columns),
    )

    (again,) = statement.fetch(person=cast.board_member.pk)

    assert asked == []
    # Converted as the ORM converts them: the same person, times aware, in the same zone.
    assert (first, again) == (cast.mentor, cast.board_member)
    assert again.date_joined == User.objects.get(pk=cast.board_member.pk).date_joined
    assert again.date_joined.tzinfo is not None


def test_a_read_that_changes_with_the_time_of_day_is_refused(cast):
    def recent(person: int):
        since = timezone.now() - timedelta(days=1)
        return User.objects.filter(pk=person, date_joined__gte=since).values("email")

    with pytest.raises(NotAStatement, match="changes from call to call"):
        Statement(recent).fetch(person=cast.mentor.pk)


def test_a_read_that_keeps_todays_date_is_refused(cast):
    def joined_before_today(person: int):
        return User.objects.filter(pk=person, date_joined__date__lt=timezone.localdate()).values(
            "email"
        )

    with pytest.raises(NotAStatement, match="is about today"):
        Statement(joined_before_today).fetch(person=cast.mentor.pk)


def test_facts_registered_after_the_first_page_are_refused(cast):
    navigation._read(cast.mentor)

    with pytest.raises(RuntimeError, match="comes too late"):
        navigation.register_fact("late", lambda person: Value(True))


def test_a_read_that_keeps_what_it_read_while_built_is_refused(cast):
    def in_the_programme(person: int):
        programme = Programme.objects.order_by("pk").first()  # read once, kept for good
        return MentorApplication.objects.filter(applicant=person, programme=programme)

    with pytest.raises(NotAStatement, match="reads the database while it is built"):
        Statement(in_the_programme).fetch(person=cast.mentor.pk)


def test_a_far_off_constant_time_is_kept(cast):
    survey = SurveyFactory(programme=cast.programme)

    read = audience._SURVEY.fetch(person=cast.mentor.pk, survey=survey.pk)

    assert [(row.mentor_until, row.board_member_until) for row in read] == [
        (audience.STILL_PAIRED, None)
    ]


def test_a_read_whose_sql_changes_with_an_id_is_refused(cast):
    def branching(person: int):
        people = User.objects.filter(pk=person)
        if person % 2:
            people = people.filter(is_active=True)
        return people.values("email")

    with pytest.raises(NotAStatement, match="SQL changes"):
        Statement(branching).fetch(person=cast.mentor.pk)


def test_a_read_that_prefetches_is_refused(cast):
    def with_themes(person: int):
        return MentorApplication.objects.filter(applicant=person).prefetch_related("themes")

    with pytest.raises(NotAStatement, match="prefetch on the list"):
        Statement(with_themes).fetch(person=cast.mentor.pk)


def test_a_statement_takes_its_own_ids_as_integers(cast):
    statement = Statement(lambda person: User.objects.filter(pk=person).values("email"))
    statement.fetch(person=cast.mentor.pk)

    with pytest.raises(TypeError, match=r"takes the ids \['person'\] as integers"):
        statement.fetch(person=str(cast.mentor.pk))
    with pytest.raises(TypeError):
        statement.fetch(person=cast.mentor.pk, programme=cast.programme.pk)


def joined_since(person: int, since):
    return User.objects.filter(pk=person, date_joined__gte=since).values("email")


def test_a_moment_given_is_put_in_its_place_as_the_orm_would(cast):
    statement = Statement(joined_since)
    joined = cast.mentor.date_joined

    for since in (joined - timedelta(seconds=1), joined, joined + timedelta(microseconds=1)):
        assert statement.fetch(person=cast.mentor.pk, since=since) == list(
            joined_since(cast.mentor.pk, since)
        )
    assert statement.fetch(person=cast.mentor.pk, since=joined) == [{"email": cast.mentor.email}]
    assert statement.fetch(person=cast.mentor.pk, since=joined + timedelta(days=1)) == []


def test_a_moment_is_taken_only_as_an_aware_datetime(cast):
    statement = Statement(joined_since)
    statement.fetch(person=cast.mentor.pk, since=timezone.now())

    with pytest.raises(TypeError, match=r"the moments \['since'\] as aware datetimes"):
        statement.fetch(person=cast.mentor.pk, since=timezone.now().replace(tzinfo=None))
    with pytest.raises(TypeError):
        statement.fetch(person=cast.mentor.pk, since=cast.mentor.pk)
    with pytest.raises(TypeError):
        statement.fetch(person=timezone.now(), since=timezone.now())


def test_a_moment_given_does_not_excuse_one_kept_from_the_clock(cast):
    def joined_between(person: int, since):
        until = timezone.now()  # kept from the first call: refused
        return User.objects.filter(pk=person, date_joined__range=(since, until)).values("pk")

    with pytest.raises(NotAStatement, match="changes from call to call"):
        Statement(joined_between).fetch(person=cast.mentor.pk, since=timezone.now())


def test_a_value_worked_out_from_a_moment_or_an_id_is_refused(cast):
    def joined_that_day(person: int, on):
        start = on.replace(hour=0, minute=0, second=0, microsecond=0)
        return User.objects.filter(pk=person, date_joined__gte=start).values("pk")

    def joined_within_a_day(person: int, since, until):
        return User.objects.filter(
            pk=person, date_joined__range=(since, since + timedelta(days=1))
        ).values("pk", "email")

    def the_next_person(person: int, someone: int):  # `someone` is the stand-in after
        return User.objects.filter(pk__in=[person + 1, someone]).values("pk")

    for build in (joined_that_day, joined_within_a_day, the_next_person):
        ids = {"person": cast.mentor.pk}
        if build is joined_that_day:
            ids["on"] = timezone.now()
        elif build is joined_within_a_day:
            ids |= {"since": timezone.now(), "until": timezone.now()}
        else:
            ids["someone"] = cast.board_member.pk
        with pytest.raises(NotAStatement):
            Statement(build).fetch(**ids)


def test_a_read_without_its_id_is_refused(cast):
    with pytest.raises(NotAStatement, match="not in its SQL"):
        Statement(lambda person: User.objects.values("email")).fetch(person=cast.mentor.pk)


SQLITE_CHECK = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from accounts.models import User
from mentoring import navigation
from mentoring.models import MatchStatus
from tests.factories import MatchFactory
match = MatchFactory(status=MatchStatus.ACTIVE)
facts = navigation._read(match.mentor.applicant)
assert facts["paired_now"] is True and facts["coordinator"] is False, facts
assert facts == {**facts, "board_member": False, "applicant": True}, facts
assert all(type(facts[name]) is bool for name in facts if name != "programme_slug"), facts

# SQLite is handed days as text: a day near today is still refused.
from django.utils import timezone
from accounts.statements import NotAStatement, Statement
def joined_before_today(person):
    return User.objects.filter(pk=person, date_joined__date__lt=timezone.localdate()).values("pk")
try:
    Statement(joined_before_today).fetch(person=match.mentor.applicant.pk)
except NotAStatement as refused:
    assert "is about today" in str(refused), refused
else:
    raise AssertionError("a read keeping today's date was not refused on SQLite")

# And handed times as text: a moment given is put in its place as the ORM would.
from datetime import timedelta
def joined_since(person, since):
    return User.objects.filter(pk=person, date_joined__gte=since).values("pk")
person = match.mentor.applicant
statement = Statement(joined_since)
for since in (person.date_joined, person.date_joined + timedelta(microseconds=1)):
    got = statement.fetch(person=person.pk, since=since)
    assert got == list(joined_since(person.pk, since)), (since, got)
assert statement.fetch(person=person.pk, since=person.date_joined) == [{"pk": person.pk}]
print("ok", sorted(facts.items()))
"""


def test_the_embedded_modes_sqlite_reads_booleans_as_booleans_and_refuses_today(tmp_path):
    """SQLite answers 0 and 1: Django's converters still make them False and True. And it is
    handed days as text: a read that would keep today's date is still refused."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "CACHE")
    } | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'embedded.sqlite3'}",
        "DEBUG": "1",
        "CACHE": "memory",
    }
    result = subprocess.run(
        [sys.executable, "-c", SQLITE_CHECK],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.startswith("ok"), result.stdout
