import re
import time
from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.utils import timezone

from accounts.mail import send_templated_mail
from accounts.models import Invitation, OutboxMessage, OutboxStatus, User
from accounts.services import coordinator_grant
from accounts.tokens import hash_token
from mentoring.availability import to_mask
from mentoring.models import (
    ApplicationStatus,
    Audience,
    Board,
    BoardMember,
    Event,
    EventKind,
    Grade,
    LineManagerRequest,
    MentorApplication,
    Programme,
    ProgrammeStatus,
    Registration,
    RegistrationStatus,
    Theme,
)
from mentoring.models.programmes import ACTION_FIGURES_AT_CLOSE

PASSWORD = "correct-horse-battery"
# How long ago the factories' mentors were accepted and board members joined: before any
# survey a test opens or closes, so that every survey asks them (evaluation.audience).
TAKING_PART_FOR = timedelta(days=365)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    job_title = "Administrator"
    department = factory.Iterator(["Finance", "Library Services", "Life Sciences", "Estates"])
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class CoordinatorFactory(UserFactory):
    department = "Equality, Diversity and Inclusion"

    @factory.post_generation
    def coordinator(self, create, extracted, **kwargs):
        if create:
            coordinator_grant(user=self)

    @factory.post_generation
    def mfa(self, create, extracted, **kwargs):
        """A coordinator has TOTP set up unless built with mfa=False."""
        if create and extracted is not False:
            self.totp_secret = generate_totp_secret()
            TOTP.activate(self, self.totp_secret)


# What Jonathan Hale, a new board member, types on the invitation's page to join.
# The invitation link in its email (SITE_URL in the test settings).
ACCEPT_LINK = re.compile(r"https://mentoring\.example\.org(/accounts/invitation/[\w-]+/)")
ACCEPT_INVITATION = {
    "full_name": "Jonathan Hale",
    "password1": "a-long-and-unusual-passphrase",
    "password2": "a-long-and-unusual-passphrase",
}


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation
        exclude = ["token"]

    email = factory.Sequence(lambda n: f"board{n}@example.com")
    token = factory.Sequence(lambda n: f"invitation-token-{n}")
    token_hash = factory.LazyAttribute(lambda o: hash_token(o.token))
    expires_at = factory.LazyFunction(Invitation.default_expiry)


def totp_code(secret: str) -> str:
    """The code an authenticator app would show now, with at least two seconds of its period
    left: a code that turns over between reading and checking is refused."""
    left = mfa_settings.TOTP_PERIOD - time.time() % mfa_settings.TOTP_PERIOD
    if left < 2:
        time.sleep(left)
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


# --- mentoring -----------------------------------------------------------------------------

STATEMENT = (
    "I have worked here for six years in three departments, and I have seen how decisions made "
    "at the top land very differently depending on who you are and where you sit."
)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Cohort {n}")
    slug = factory.Sequence(lambda n: f"cohort-{n}")
    organisation = "Example University"
    status = ProgrammeStatus.ACTIVE
    recruitment_open = True
    summary = "Colleagues mentor the executive on equity, diversity and inclusion."
    # On in the product; off here so that tests count the applicant's own emails. The tests
    # of the office's announcement (tests/mentoring/test_review_decisions.py) switch it on.
    notify_office_of_applications = False

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create:
            for position, name in enumerate(extracted or ["Anti-racism", "Culture change"]):
                Theme.objects.create(programme=self, name=name, position=position)


class GradeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grade
        django_get_or_create = ["name"]

    name = "Grade 5"


class MentorApplicationFactory(factory.django.DjangoModelFactory):
    """A complete, eligible application, submitted unless status says otherwise."""

    class Meta:
        model = MentorApplication
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    applicant = factory.SubFactory(UserFactory)
    status = ApplicationStatus.SUBMITTED
    can_commit_time = True
    flexible_availability = True
    will_attend_briefing = True
    has_experiences = True
    experience_statement = STATEMENT
    has_conflict = False
    department = factory.SelfAttribute("applicant.department")
    grade = factory.SubFactory(GradeFactory)
    learning_style = "reflector"
    interaction_approach = "questioning"
    availability = to_mask([("Tuesday", "morning"), ("Thursday", "morning")])
    bio = "Research technician who runs the staff race network's book club."
    qualities_reflection = "I listen well; I want to get better at challenging with care."
    eligible = True
    submitted_at = factory.LazyFunction(timezone.now)
    decided_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status in ("accepted", "waitlisted", "declined") else None
    )
    withdrawn_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == "withdrawn" else None
    )

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create:
            self.themes.set(extracted if extracted is not None else self.programme.themes.all()[:1])


class DraftApplicationFactory(MentorApplicationFactory):
    status = ApplicationStatus.DRAFT
    eligible = None
    submitted_at = None


def application_from(programme, full_name: str, **fields) -> MentorApplication:
    """An application to `programme` (submitted, unless `fields` say otherwise) from a new
    colleague called `full_name`, whose address is their first name at example.org: the
    name and the address are what the office's pages and emails show."""
    first = full_name.split()[0].lower()
    applicant = UserFactory(full_name=full_name, email=f"{first}@example.org")
    return MentorApplicationFactory(programme=programme, applicant=applicant, **fields)


class LineManagerRequestFactory(factory.django.DjangoModelFactory):
    """A request as `application_submit` leaves it: `token` is the secret in the email, kept
    (encrypted) so that a reminder sends the same link, and looked up by its hash."""

    class Meta:
        model = LineManagerRequest

    application = factory.SubFactory(MentorApplicationFactory)
    email = factory.SelfAttribute("application.line_manager_email")
    token = factory.Sequence(lambda n: f"line-manager-token-{n}")
    token_hash = factory.LazyAttribute(lambda o: hash_token(o.token))


def line_manager_asked(programme, applicant, email: str, **request) -> LineManagerRequest:
    """`applicant` sent an application to `programme`, which asks for the line manager's
    agreement, naming `email`, who was sent the link (`request` gives its token, sent_at...)."""
    programme.line_manager_agreement = True
    programme.save(update_fields=["line_manager_agreement"])
    application = MentorApplicationFactory(
        programme=programme, applicant=applicant, line_manager_email=email
    )
    return LineManagerRequestFactory(application=application, **request)


def line_manager_emailed(programme, applicant, *, silence_days: int = 10) -> LineManagerRequest:
    """`applicant` sent an application to `programme`, which takes a line manager's silence
    of `silence_days` as agreement, with Lee's address mistyped: the request, its email
    waiting in the outbox."""
    from mentoring.services.applications import application_submit

    programme.line_manager_agreement = True
    programme.line_manager_silence_days = silence_days
    programme.save()
    draft = DraftApplicationFactory(
        programme=programme,
        applicant=applicant,
        line_manager_name="Lee Manager",
        line_manager_email="lee.manger@example.org",  # mistyped
    )
    application_submit(application=draft)
    return LineManagerRequest.objects.select_related("message").get(application=draft)


def bounced(message: OutboxMessage) -> None:
    """The email could not be delivered: the address does not exist."""
    message.status, message.last_error = OutboxStatus.FAILED, "550 No such user"
    message.save(update_fields=["status", "last_error"])


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board
        django_get_or_create = ["name"]

    name = "President's Board"


class BoardMemberFactory(factory.django.DjangoModelFactory):
    """A board member who has joined (`TAKING_PART_FOR` ago), with a complete profile unless
    told otherwise."""

    class Meta:
        model = BoardMember
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    user = factory.SubFactory(UserFactory, job_title="Provost")
    email = factory.SelfAttribute("user.email")
    board = factory.SubFactory(BoardFactory)
    role_title = "Provost"
    department = "Provost's Office"
    learning_goals = "How decisions at the top feel to colleagues without positional power."
    learning_style = "activist"
    interaction_approach = "direct"
    availability = to_mask([("Tuesday", "morning"), ("Friday", "afternoon")])
    bio = "Provost since 2022; chairs the Provost's Board."
    profile_completed_at = factory.LazyFunction(timezone.now)
    joined_at = factory.LazyAttribute(
        lambda o: timezone.now() - TAKING_PART_FOR if o.user else None
    )
    invited_at = factory.LazyAttribute(lambda o: o.joined_at or timezone.now())

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create:
            self.themes.set(extracted if extracted is not None else self.programme.themes.all()[:1])


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    programme = factory.SubFactory(ProgrammeFactory)
    kind = EventKind.BRIEFING
    audience = Audience.MENTORS
    title = factory.Sequence(lambda n: f"Mentor briefing {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3, minutes=30))
    location = "Senate Room, Main Building"
    capacity = 20


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A place held. `placed_at`: when it was taken (`updated_at`, otherwise now), for a
    reminder the day before, which is not sent for a place taken since it was due."""

    class Meta:
        model = Registration
        skip_postgeneration_save = True

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(UserFactory)
    status = RegistrationStatus.REGISTERED

    @factory.post_generation
    def placed_at(self, create, extracted, **kwargs):
        if create and extracted is not None:
            Registration.objects.filter(pk=self.pk).update(updated_at=extracted)
            self.updated_at = extracted


# --- matching ------------------------------------------------------------------------------


def attend_briefing(person, programme, audience):
    """`person` attended `programme`'s briefing for `audience`, so counts as briefed there."""
    event = Event.objects.filter(
        programme=programme, kind=EventKind.BRIEFING, audience=audience
    ).first() or EventFactory(programme=programme, audience=audience)
    return RegistrationFactory(event=event, person=person, status=RegistrationStatus.ATTENDED)


class MentorFactory(MentorApplicationFactory):
    """An accepted mentor who attended the mentor briefing (unless built with briefed=False),
    accepted `TAKING_PART_FOR` ago."""

    status = ApplicationStatus.ACCEPTED
    submitted_at = factory.LazyFunction(
        lambda: timezone.now() - TAKING_PART_FOR - timedelta(days=7)
    )
    decided_at = factory.LazyFunction(lambda: timezone.now() - TAKING_PART_FOR)

    @factory.post_generation
    def briefed(self, create, extracted, **kwargs):
        if create and extracted is not False:
            attend_briefing(self.applicant, self.programme, Audience.MENTORS)


class BriefedBoardMemberFactory(BoardMemberFactory):
    """A board member who attended the board members' briefing (unless briefed=False)."""

    @factory.post_generation
    def briefed(self, create, extracted, **kwargs):
        if create and extracted is not False:
            attend_briefing(self.user, self.programme, Audience.BOARD_MEMBERS)


class MatchFactory(factory.django.DjangoModelFactory):
    """A proposal unless status says otherwise, with the dates its status needs.

    Give the board member (and the mentor, from the same programme): the match is
    made in their programme.
    """

    class Meta:
        model = "mentoring.Match"

    board_member = factory.SubFactory(BriefedBoardMemberFactory)
    mentor = factory.SubFactory(
        MentorFactory, programme=factory.SelfAttribute("..board_member.programme")
    )
    programme = factory.SelfAttribute("mentor.programme")
    status = "proposed"
    score = 76
    reasons = factory.LazyFunction(lambda: ["both care about Anti-racism"])
    activated_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status in ("active", "ended") else None
    )
    ended_at = factory.LazyAttribute(lambda o: timezone.now() if o.status == "ended" else None)
    end_reason = factory.LazyAttribute(lambda o: "completed" if o.status == "ended" else "")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        programmes = {kwargs["mentor"].programme_id, kwargs["board_member"].programme_id}
        if programmes != {kwargs["programme"].pk}:
            raise ValueError("A match needs a mentor and a board member of its programme.")
        return super()._create(model_class, *args, **kwargs)


class ConflictOfInterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "matching.ConflictOfInterest"

    mentor = factory.SubFactory(UserFactory)
    board_member = factory.SubFactory(UserFactory)
    note = "Line-managed by the board member until last year."


# --- the pair's life -----------------------------------------------------------------------


class MeetingFactory(factory.django.DjangoModelFactory):
    """A booked meeting a week from now, proposed by the mentor, unless told otherwise."""

    class Meta:
        model = "mentoring.Meeting"

    match = factory.SubFactory(MatchFactory, status="active")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    minutes = 60
    location = "Room 2.14, Main Building"
    status = "confirmed"
    proposed_by = factory.LazyAttribute(lambda o: o.match.mentor.applicant)
    confirmed_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status in ("confirmed", "held", "not_held") else None
    )
    actual_minutes = factory.LazyAttribute(lambda o: o.minutes if o.status == "held" else None)
    logged_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status in ("held", "not_held") else None
    )
    cancelled_by = factory.LazyAttribute(
        lambda o: o.match.board_member.user if o.status == "cancelled" else None
    )
    cancelled_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == "cancelled" else None
    )


class HeldMeetingFactory(MeetingFactory):
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    status = "held"


class ActionStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "mentoring.ActionStep"

    meeting = factory.SubFactory(HeldMeetingFactory)
    match = factory.SelfAttribute("meeting.match")
    text = "Read the staff race equality survey results"
    owner = "board_member"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    created_by = factory.LazyAttribute(lambda o: o.match.mentor.applicant)


def agree_ground_rules(match, *people):
    """The given members of the pair (both, by default) agreed the current ground rules."""
    from mentoring.models import GroundRulesAgreement
    from mentoring.services.pairs import ground_rules_current

    rules = ground_rules_current(match.programme)
    for person in people or (match.mentor.applicant, match.board_member.user):
        GroundRulesAgreement.objects.get_or_create(match=match, person=person, rules=rules)
    return rules


# --- evaluation ----------------------------------------------------------------------------


class SurveyFactory(factory.django.DjangoModelFactory):
    """Open now, for a fortnight, to mentors and board members, with the programme's minimum."""

    class Meta:
        model = "evaluation.Survey"

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Pilot evaluation {n}")
    introduction = "Your answers are anonymous."
    audience = "both"
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyAttribute(lambda o: o.opens_at + timedelta(days=14))
    min_group_size = factory.LazyAttribute(lambda o: o.programme.survey_min_group_size)


class QuestionFactory(factory.django.DjangoModelFactory):
    """An agree-or-disagree question unless told otherwise."""

    class Meta:
        model = "evaluation.Question"

    survey = factory.SubFactory(SurveyFactory)
    position = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Statement {n} about the programme.")
    kind = "likert"
    choices = factory.LazyFunction(list)
    required = True


def add_one_question_of_each_kind(survey, *, required=True) -> dict:
    """One question of each kind, in this order, all required (or none): {kind: question}.
    The free-text question is always optional, as most surveys ask it."""
    kinds = [
        ("likert", "We built a relationship of trust.", []),
        ("single", "How many times did you meet?", ["Once", "2 or 3 times", "4 or more"]),
        ("multiple", "Which of these came out of it?", ["A new contact", "A changed policy"]),
        ("scale", "How likely are you to recommend the programme?", []),
        ("text", "What should we change?", []),
    ]
    return {
        kind: QuestionFactory(
            survey=survey,
            position=position,
            text=text,
            kind=kind,
            choices=choices,
            required=required and kind != "text",
        )
        for position, (kind, text, choices) in enumerate(kinds)
    }


def closed_now() -> dict:
    """The fields of a programme closed just now, as `Programme.save` writes them (when, and
    the action step figures kept: none here), for a test's `.update()` that closes one without
    saving it: the database refuses a closed programme without them."""
    return {
        "status": ProgrammeStatus.CLOSED,
        "recruitment_open": False,
        "closed_at": timezone.now(),
        **dict.fromkeys(ACTION_FIGURES_AT_CLOSE.values(), 0),
    }


def close_survey(survey):
    """The survey's closing time has just passed: its results can be seen. Just: what the
    test made before (the cast's pairs, a moment ago) was made while it was open."""
    from evaluation.models import Survey
    from evaluation.services import surveys_mark_asked

    surveys_mark_asked(survey_pk=survey.pk)  # as beat did, each minute it was asking
    survey.closes_at = timezone.now() - timedelta(microseconds=1)
    Survey.objects.filter(pk=survey.pk).update(closes_at=survey.closes_at)
    return survey


def close_survey_and_open_ballots(survey):
    """The survey has just closed and its sealed answers are opened, as beat (or reading its
    results) does: its responses and answers can be read."""
    from evaluation.services import ballots_open

    ballots_open(close_survey(survey))
    return survey


def invitation_to_a_place(email: str, **invitation) -> Invitation:
    """An invitation to `email` with a board member's place waiting for it, as every one the
    office sends has (a new link goes only where a place waits)."""
    place = BoardMemberFactory(user=None, email=email)
    return InvitationFactory(
        email=email, invited_to=f"{place.programme.name} as a board member", **invitation
    )


def profile_answers(programme, *, theme: str = "Culture change", **changes) -> dict:
    """A board member's profile as the form posts it, complete: `theme` among the
    programme's themes; `changes` replace answers, and None leaves one out."""
    data = {
        "board": BoardFactory(name="Provost's Board").pk,
        "role_title": "Vice-Provost",
        "department": "Provost's Office",
        "learning_goals": "What it is like to raise a concern here without positional power.",
        "themes": [programme.themes.get(name=theme).pk],
        "learning_style": "reflector",
        "interaction_approach": "diplomatic",
        "availability": ["1", "7"],
        "bio": "Vice-Provost for five years.",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def draft_with_an_open_survey() -> Programme:
    """A draft programme ("2027/28 cohort") with a mentor (Ada Early), a board member (Ben
    Board) and a survey open now asking them ("Starting out"): made active, it emails them."""
    draft = ProgrammeFactory(
        name="2027/28 cohort", slug="cohort-2", status=ProgrammeStatus.DRAFT, recruitment_open=False
    )
    MentorFactory(
        programme=draft, applicant=UserFactory(full_name="Ada Early", email="ada@example.org")
    )
    BoardMemberFactory(
        programme=draft, user=UserFactory(full_name="Ben Board", email="ben@example.org")
    )
    QuestionFactory(survey=SurveyFactory(programme=draft, title="Starting out"))
    return draft


def an_email(to="provost@example.org"):
    """An email sent through the outbox to `to`: a board member told they were added."""
    return send_templated_mail(
        "mentoring/email/board_member_added",
        to=to,
        context={"member": {"email": to}, "programme": {"name": "2026/27 pilot"}},
    )


def signs_in_with(person, address: str):
    """`address` added to the person's account, confirmed, and made the one they sign in
    with (as /accounts/email/ does it)."""
    EmailAddress.objects.filter(user=person).update(primary=False)
    EmailAddress.objects.create(user=person, email=address, verified=True, primary=True)
    User.objects.filter(pk=person.pk).update(email=address)
    return User.objects.get(pk=person.pk)
