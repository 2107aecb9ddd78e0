"""Demo data for `make run`. Idempotent: running it twice changes nothing."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User
from accounts.services import coordinator_grant
from evaluation.demo import surveys_seed
from evaluation.services import has_answered
from mentoring.demo import (
    called_off_seed,
    first_pairs_seed,
    pair_seed,
    people_seed,
    programme_seed,
)
from mentoring.models import MentorApplication

DEMO_PASSWORD = "demo-mentoring-2026"
# A fixed secret so the printed one stays valid across runs (demo data only).
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

COORDINATOR = {
    "email": "office@example.org",
    "full_name": "Priya Shah",
    "job_title": "EDI programme coordinator",
    "department": "Equality, Diversity and Inclusion",
}
MENTORS = [
    {
        "email": "amara.okafor@example.org",
        "full_name": "Amara Okafor",
        "job_title": "Research technician",
        "department": "Life Sciences",
    },
    {
        "email": "tom.nguyen@example.org",
        "full_name": "Tom Nguyen",
        "job_title": "Library assistant",
        "department": "Library Services",
    },
    {
        "email": "sofia.reyes@example.org",
        "full_name": "Sofia Reyes",
        "job_title": "Student support officer",
        "department": "Student Services",
    },
]
BOARD_MEMBERS = [
    {
        "email": "provost@example.org",
        "full_name": "Jonathan Hale",
        "job_title": "Provost",
        "department": "Provost's Office",
    },
    {
        "email": "cfo@example.org",
        "full_name": "Margaret Lowe",
        "job_title": "Chief Financial Officer",
        "department": "Finance",
    },
]
# The other pairs matched with the demo pair: with it, enough people on each side for the
# pilot evaluation to show results. They sign in with the same password.
FIRST_PAIRS_MENTORS = [
    {
        "email": "kwame.mensah@example.org",
        "full_name": "Kwame Mensah",
        "job_title": "Maintenance supervisor",
        "department": "Estates",
    },
    {
        "email": "grace.adeyemi@example.org",
        "full_name": "Grace Adeyemi",
        "job_title": "Laboratory manager",
        "department": "Chemistry",
    },
    {
        "email": "ravi.patel@example.org",
        "full_name": "Ravi Patel",
        "job_title": "Service desk analyst",
        "department": "IT Services",
    },
    {
        "email": "leah.osei@example.org",
        "full_name": "Leah Osei",
        "job_title": "Admissions officer",
        "department": "Admissions",
    },
]
FIRST_PAIRS_BOARD_MEMBERS = [
    {
        "email": "vp-education@example.org",
        "full_name": "Helen Marsh",
        "job_title": "Vice-President (Education)",
        "department": "Education Office",
    },
    {
        "email": "coo@example.org",
        "full_name": "Richard Boyd",
        "job_title": "Chief Operating Officer",
        "department": "Operations",
    },
    {
        "email": "hr-director@example.org",
        "full_name": "Fiona Grant",
        "job_title": "Director of Human Resources",
        "department": "Human Resources",
    },
    {
        "email": "vp-research@example.org",
        "full_name": "Samuel Ortiz",
        "job_title": "Vice-Provost (Research)",
        "department": "Research Office",
    },
]


class Command(BaseCommand):
    help = (
        "Load a demo programme and its people: a coordinator, mentors and board members, "
        "applications and briefings, five pairs with their meetings, and the programme's "
        "surveys. Safe to re-run."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even with DEBUG off. Demo accounts have a published password and "
            "authenticator secret: never on a site real people use. They sign in only while "
            "DEBUG is on (User.may_sign_in).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo adds accounts whose password and authenticator secret are "
                "published, so it runs only with DEBUG=1 (as `make run` sets). Use --force "
                "for a throwaway copy that nobody real uses."
            )
        with transaction.atomic():
            seeded = self._seed()
        # Once committed, and so after the emails the seeding sent (printed by the console
        # backend as they go): the logins are what stays on the screen.
        self._summary(**seeded)

    def _seed(self):
        coordinator = self._person(COORDINATOR)
        coordinator_grant(user=coordinator)
        if not Authenticator.objects.filter(
            user=coordinator, type=Authenticator.Type.TOTP
        ).exists():
            TOTP.activate(coordinator, DEMO_TOTP_SECRET)
            RecoveryCodes.activate(coordinator)
        mentors = [self._person(data) for data in MENTORS]
        board_members = [self._person(data) for data in BOARD_MEMBERS]
        first_mentors = [self._person(data) for data in FIRST_PAIRS_MENTORS]
        first_members = [self._person(data) for data in FIRST_PAIRS_BOARD_MEMBERS]
        programme = programme_seed()
        people_seed(
            programme=programme,
            mentors=[*mentors, *first_mentors],
            board_members=[*board_members, *first_members],
        )
        pair = pair_seed(programme=programme)
        if pair is not None:
            called_off_seed(
                programme=programme,
                by=coordinator,
                people=[pair.mentor.applicant, pair.board_member.user],
            )
        first_pairs_seed(programme=programme)
        pilot, pulse = surveys_seed(programme=programme)
        return {
            "programme": programme,
            "coordinator": coordinator,
            "mentors": mentors,
            "board_members": board_members,
            "first_pairs": [*first_mentors, *first_members],
            "pair": pair,
            "pilot": pilot,
            "pulse": pulse,
        }

    def _summary(
        self, *, programme, coordinator, mentors, board_members, first_pairs, pair, pilot, pulse
    ):
        """The demo's logins, and where each person stands now (a second run says what has
        changed since the first: an application sent, a survey answered or closed)."""
        self.stdout.write(f"Demo programme: {programme.name} ({programme.get_absolute_url()})")
        self.stdout.write("Demo logins (role  email  password):")
        self.stdout.write(f"coordinator  {coordinator.email}  {DEMO_PASSWORD}")
        self.stdout.write(
            f"  TOTP secret for the coordinator's authenticator app: {DEMO_TOTP_SECRET}"
        )
        for user in mentors:
            self.stdout.write(f"mentor  {user.email}  {DEMO_PASSWORD}")
        if not MentorApplication.objects.filter(
            programme=programme, applicant=mentors[-1]
        ).exists():
            self.stdout.write(f"  ({mentors[-1].email} has not applied yet: try the application)")
        for user in board_members:
            self.stdout.write(f"board-member  {user.email}  {DEMO_PASSWORD}")
        if pair is not None:
            self.stdout.write(
                f"  ({pair.mentor.applicant.email} and {pair.board_member.email} are paired: "
                "see /match/ and /meetings/)"
            )
        others = ", ".join(user.email for user in first_pairs)
        self.stdout.write(f"  (four more pairs, same password: {others})")
        pulse_now = f"“{pulse.title}” is open" if pulse.is_open else f"“{pulse.title}” has closed"
        if pulse.is_open and not has_answered(pulse, mentors[0]):
            pulse_now += f" and {mentors[0].email} has not answered it yet (see /surveys/)"
        self.stdout.write(
            f"Surveys: “{pilot.title}” closed with {pilot.participations.count()} answers "
            f"(results and the programme report in the admin); {pulse_now}"
        )

    def _person(self, data: dict) -> User:
        user, created = User.objects.get_or_create(
            email=data["email"],
            defaults={**{k: v for k, v in data.items() if k != "email"}, "is_demo": True},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        elif not user.is_demo and user.check_password(DEMO_PASSWORD):
            # Seeded before demo accounts were marked: the published password makes it one.
            user.is_demo = True
            user.save(update_fields=["is_demo"])
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        return user
