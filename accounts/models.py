from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    Group,
    PermissionsMixin,
)
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from accounts import bounds
from accounts.encryption import EncryptedTextField
from accounts.loading import QuickLoad
from accounts.recipients import shown_recipient
from accounts.tokens import hash_token

COORDINATORS_GROUP = "Coordinators"


def coordinators_group(person):
    """The coordinators' group, if `person` (a user, or an OuterRef to one) is in it."""
    return Group.objects.filter(name=COORDINATORS_GROUP, user=person)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)

    def coordinators(self):
        return self.filter(groups__name=COORDINATORS_GROUP, is_active=True)


# Words a full name may open with that are not a first name (compared without a full stop).
TITLES = frozenset(
    {
        "dr",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "prof",
        "professor",
        "sir",
        "dame",
        "lord",
        "lady",
        "rev",
        "revd",
        "reverend",
        "cllr",
    }
)


class User(QuickLoad, AbstractBaseUser, PermissionsMixin):
    """A person. Whether they mentor or are mentored belongs to a programme, not here."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    department = models.CharField(max_length=150, blank=True)
    is_staff = models.BooleanField(
        "admin access",
        default=False,
        help_text="Can sign in to the programme office (the admin site).",
    )
    is_active = models.BooleanField(default=True)
    wants_nudges = models.BooleanField(
        "send me nudges",
        default=True,
        help_text="Optional reminders: when the next meeting is due, or a first meeting is "
        "still to book. Reminders of meetings and events already booked always come.",
    )
    date_joined = models.DateTimeField(default=timezone.now)
    # Set when the account was deleted (accounts.services.account_delete): the row stays,
    # anonymised, so that the programme's counts still add up.
    deleted_at = models.DateTimeField("deleted", null=True, blank=True, editable=False)
    # When the account was switched off (`is_active`, or deleted), kept by `save`: a survey
    # open then had asked the person, and counts them whether or not they answered
    # (evaluation.audience).
    deactivated_at = models.DateTimeField("switched off", null=True, blank=True, editable=False)
    is_demo = models.BooleanField(
        "demo account",
        default=False,
        editable=False,
        help_text="Made by seed_demo, with a published password: signs in only with DEBUG on.",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.CheckConstraint(
                condition=models.Q(is_active=True, deactivated_at__isnull=True)
                | models.Q(is_active=False, deactivated_at__isnull=False),
                name="user_switched_off_has_date",
            ),
        ]

    def __str__(self):
        return self.full_name or self.email

    @classmethod
    def from_db(cls, db, field_names, values):
        user = super().from_db(db, field_names, values)
        user._known_as = user._names()
        user._address_was = user.__dict__.get("email")
        return user

    def _names(self) -> set[str]:
        # The name and address as they stand (a field not read is not known).
        return {value for name in ("full_name", "email") if (value := self.__dict__.get(name))}

    def save(self, *args, **kwargs):
        """Saved; a name or address the person goes by no longer is noted (`FormerName`),
        so that deleting the account can take it out of what named them by it. Switching the
        account off notes when (`deactivated_at`), and ends its sessions, as giving access
        does (accounts.services.sessions_end): Django only treats a session of a switched-off
        account as signed out, so switching it on again would otherwise open the old ones
        again, with no password or authenticator code. Switching it on forgets the date."""
        switched_off = False
        if self.is_active == (self.deactivated_at is not None):
            switched_off = not self.is_active and not self._state.adding
            self.deactivated_at = None if self.is_active else timezone.now()
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "deactivated_at"}
        super().save(*args, **kwargs)
        if switched_off:
            from accounts.services import sessions_end  # the services import this module

            sessions_end(self.pk)
        former = getattr(self, "_known_as", set()) - self._names()
        # A former text with "@" reads as an address the account had (personal_data.known_as):
        # a name typed with one in it is not noted, or what was sent to that address would
        # become theirs to download, and to erase with their account.
        address_was = getattr(self, "_address_was", None)
        former = {text for text in former if "@" not in text or text == address_was}
        if former and not self.is_deleted:
            # Given up again (A, then B, then A again, then C): the later time, so that what
            # was written to it while it was theirs again follows them (accounts.outbox).
            FormerName.objects.bulk_create(
                [FormerName(user=self, text=text) for text in sorted(former)],
                update_conflicts=True,
                unique_fields=["user", "text"],
                update_fields=["until"],
            )
        self._known_as = self._names()
        self._address_was = self.__dict__.get("email")

    def audit_name(self) -> str:
        """What the audit trail calls the account (accounts.audit)."""
        return str(self)

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        """How emails and pages address the person: their first name, or the whole name
        when it opens with a title ("Dear Dr Amy Cooper", never "Dear Dr")."""
        words = self.full_name.split()
        if not words:
            return self.email
        if words[0].rstrip(".").casefold() in TITLES:
            return " ".join(words)
        return words[0]

    def has_perm(self, perm, obj=None):
        """Django's answer, read from the person's permissions worked out once for this
        object, as Django keeps them on it (`ModelBackend._perm_cache`): Django asks each
        backend each time, loading it anew, some 70 times on a page of the admin. Both
        backends (settings.AUTHENTICATION_BACKENDS) answer as ModelBackend does, from that
        set; `manage.py check` and migrate refuse one that answers otherwise (accounts.checks)."""
        if obj is None and self.is_active and not self.is_superuser:
            return perm in self._permissions
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label):
        """As `has_perm`: whether any of the person's permissions is in the app."""
        if self.is_active and not self.is_superuser:
            return any(perm.partition(".")[0] == app_label for perm in self._permissions)
        return super().has_module_perms(app_label)

    @property
    def _permissions(self) -> set[str]:
        """The person's permissions as Django keeps them on this object (`_perm_cache`, which
        `ModelBackend.get_all_permissions` fills for an active account): work done once,
        and dropping Django's copy (its way to read them again) drops this one too."""
        found = getattr(self, "_perm_cache", None)
        if found is None:
            found = self.get_all_permissions()
        return found

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def may_sign_in(self) -> bool:
        """Demo accounts' password and authenticator secret are published (README), so
        they sign in to the embedded demo only, never with production settings."""
        return not self.is_demo or settings.DEBUG

    @property
    def is_coordinator(self) -> bool:
        """Superusers count as coordinators: both reach the programme office."""
        if self.is_superuser:
            return True
        if not hasattr(self, "_is_coordinator"):
            self._is_coordinator = coordinators_group(self).exists()
        return self._is_coordinator


class FormerName(models.Model):
    """A name or email address a person went by before changing it. The admin's history,
    the audit trail and emails' subjects name people as they were called then; deleting the
    account takes every one of these out of them, and then these rows
    (accounts.services.account_delete). In the person's download, never shown elsewhere. An
    address given up, and when (`until`, the last time), is also how the outbox sends an
    email written to it then to the address the person has now (`accounts.outbox`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="former_names"
    )
    text = models.CharField(max_length=254)
    until = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["until", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "text"], name="former_name_once"),
            models.CheckConstraint(condition=~models.Q(text=""), name="former_name_not_empty"),
        ]

    def __str__(self):
        return self.text


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )

    def for_token(self, token: str):
        return self.filter(token_hash=hash_token(token))


class Invitation(models.Model):
    """A single-use, expiring link that lets a board member join without self sign-up.

    Only a hash of the token is stored, so the database alone cannot be used to
    accept someone else's invitation.
    """

    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True, editable=False)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="accepted_invitations",
    )
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    # What the link is for, named in the email, and whom to ask about it. Kept on the row so
    # that a new link sent from the invitation list says the same; the app that invites
    # (mentoring: a programme) fills them in, so accounts need not know what a programme is.
    invited_to = models.CharField(
        "invited to",
        max_length=200,
        blank=True,
        editable=False,
        help_text="What the invitation is for, as the email names it.",
    )
    office_email = models.EmailField(
        "questions to", blank=True, editable=False, help_text="The office the email names."
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="invitation_expires_after_creation",
            ),
            models.CheckConstraint(
                condition=models.Q(accepted_at__isnull=True) | models.Q(revoked_at__isnull=True),
                name="invitation_not_both_accepted_and_revoked",
            ),
            # At most one open invitation per address: re-inviting revokes the old link.
            models.UniqueConstraint(
                Lower("email"),
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_email",
            ),
        ]

    def __str__(self):
        return f"Invitation for {self.email}"

    def audit_name(self) -> str:
        """What the audit trail calls the invitation (accounts.audit): the address it went to."""
        return self.email

    @staticmethod
    def default_expiry(now=None):
        now = now or timezone.now()
        return now + timedelta(days=settings.INVITATION_EXPIRY_DAYS)

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return not self.is_accepted and self.expires_at <= timezone.now()

    @property
    def is_pending(self) -> bool:
        return not (self.is_accepted or self.is_revoked or self.is_expired)

    @property
    def status(self) -> str:
        if self.is_accepted:
            return "accepted"
        if self.is_revoked:
            return "revoked"
        if self.is_expired:
            return "expired"
        return "pending"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Not sent"


def kind_in_words(kind: str) -> str:
    """An email's kind as the office reads it: "mentoring/email/cohort_message" is "Cohort
    message" (the kind is the template it was written from)."""
    return kind.rsplit("/", 1)[-1].replace("_", " ").capitalize()


SUBJECT_LENGTH = 300  # an email's subject, cut to it by accounts.mail


class OutboxMessage(models.Model):
    """One email, written in the transaction that decided to send it, sent after commit.

    The body may hold a single-use link (an invitation, a password reset), so it is
    encrypted, never shown in the admin, and cleared once the message has gone. A
    message with a `composer` is written before it is rendered: the app that registered
    the composer renders it at sending time (see accounts.outbox), and may call it off.
    """

    kind = models.CharField(max_length=100, help_text="Which email this is.")
    to = models.EmailField("to", max_length=bounds.ADDRESS_MAX)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    subject = models.CharField(max_length=SUBJECT_LENGTH, blank=True)
    text = EncryptedTextField(blank=True)
    html = EncryptedTextField(blank=True)
    attachments = EncryptedTextField(blank=True, help_text="JSON: [[name, content, type]].")
    composer = models.CharField(max_length=50, blank=True)
    # What the email is about, for an app that replaces or calls off what still waits on the
    # same thing: a meeting's updates ("meeting:<id>", `meeting_about`), a pair's
    # introduction and plan of meetings ("pair:<id>", "pair:<id>:plan:<first>-<last>",
    # `pair_about`), an application's news to the office ("application:<id>"), a person's
    # place at an event ("event:<id>:person:<id>", `place_about`); empty for the rest. Its
    # default is the database's too, so that a worker still running the code before it
    # writes rows.
    about = models.CharField(max_length=100, blank=True, default="", db_default="", editable=False)
    # Written to the programme office (`accounts.outbox.OfficeRecipient`, whatever its kind):
    # it goes only to someone still in the office when it is sent (`check_recipient`).
    for_the_office = models.BooleanField(default=False, db_default=False, editable=False)
    # What the email tells changed, as {what: {"was": …, "now": …}} in words, for the app
    # that calls it off for a later email about the same thing (`about`) to tell both: an
    # event's time and place ("When", "Place", "Online link"), never a note or anything
    # confidential, as it is not encrypted. Empty for the rest, and for an email written
    # before it was kept; emptied with the body (`accounts.outbox.NO_BODY`).
    changes = models.JSONField(default=dict, db_default={}, blank=True, editable=False)

    status = models.CharField(
        max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sending_since = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    cancelled_reason = models.CharField("why not sent", max_length=300, blank=True)
    # Why it waits, when its composer held it (`NotYet`): shown beside "Waiting to be sent".
    held_because = models.CharField("why it waits", max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "email"
        verbose_name_plural = "email outbox"
        indexes = [
            # The sweep's two questions: what is waiting and due, what is stuck sending.
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="outbox_pending_due",
            ),
            models.Index(
                fields=["sending_since"],
                condition=models.Q(status="sending"),
                name="outbox_sending_since",
            ),
            models.Index(fields=["-created_at"], name="outbox_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=OutboxStatus.values), name="outbox_status_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="outbox_sent_has_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="sending") | models.Q(sending_since__isnull=False),
                name="outbox_sending_has_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="cancelled") | ~models.Q(cancelled_reason=""),
                name="outbox_cancelled_says_why",
            ),
        ]

    # Where it goes if sent now, once `accounts.outbox.going_now` or `send_one` has read it
    # (the address its person has now): named here in its stead, while `to` keeps the
    # address it was last tried at, so that a save never writes one over the other. Sending
    # writes it to `to` only once it has been tried there (`accounts.outbox._finish`).
    going_to = ""

    def __str__(self):
        return f"{self.kind_in_words} to {shown_recipient(self.kind, self.going_to or self.to)}"

    def audit_name(self) -> str:
        """What the audit trail calls the email (accounts.audit): its kind and whom it is to
        (`going_to`, where read), as the outbox's list shows them (a hidden recipient stays
        hidden); never its body."""
        return str(self)

    @property
    def kind_in_words(self) -> str:
        return kind_in_words(self.kind)

    @property
    def is_stuck(self) -> bool:
        return (
            self.status == OutboxStatus.SENDING
            and self.sending_since is not None
            and self.sending_since
            <= timezone.now() - timedelta(seconds=settings.OUTBOX_STUCK_AFTER_SECONDS)
        )


class AuditAction(models.TextChoices):
    APPLICATION_DECIDED = "application_decided", "Application decided"
    PAIR_PROPOSED = "pair_proposed", "Pair proposed"
    PAIR_ACTIVATED = "pair_activated", "Pair confirmed"
    PAIR_WITHDRAWN = "pair_withdrawn", "Proposal withdrawn"
    PAIR_ENDED = "pair_ended", "Pair ended"
    INVITATION_SENT = "invitation_sent", "Invitation sent"
    INVITATION_RESENT = "invitation_resent", "Invitation sent again"
    INVITATION_REVOKED = "invitation_revoked", "Invitation withdrawn"
    EVENT_CALLED_OFF = "event_called_off", "Event called off"
    REQUEST_ANSWERED = "request_answered", "Request from a pair member answered"
    COORDINATOR_MADE = "coordinator_made", "Made a coordinator"
    COORDINATOR_REMOVED = "coordinator_removed", "No longer a coordinator"
    EMAIL_SENT_AGAIN = "email_sent_again", "Email sent again"
    LINE_MANAGER_ASKED_AGAIN = "line_manager_asked_again", "Line manager asked again"
    ADDED = "added", "Added in the admin"
    EDITED = "edited", "Edited in the admin"
    DELETED = "deleted", "Deleted in the admin"


class AuditEvent(models.Model):
    """One change the programme office made to an application, a pair, a pair member's
    request, an invitation or an event, or to who is in the office, or an email it sent
    again: who, what, when. Written by accounts.audit in the
    transaction of the change, never changed afterwards. `changes` names each field changed;
    it keeps the old and new values only of fields that hold no confidential text (a status,
    a date, who was paired)."""

    at = models.DateTimeField("when", default=timezone.now, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # Kept as written at the time, so the trail still says who once the account is gone.
    actor_label = models.CharField("who", max_length=300, editable=False)
    action = models.CharField("what", max_length=30, choices=AuditAction.choices, editable=False)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, editable=False, related_name="+"
    )
    # No foreign key: the trail outlives the object (a withdrawn proposal is deleted).
    object_id = models.PositiveBigIntegerField(editable=False)
    object_label = models.CharField("changed", max_length=100, editable=False)
    changes = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "audit trail entry"
        verbose_name_plural = "audit trail entries"
        indexes = [
            models.Index(fields=["-at"], name="audit_newest"),
            models.Index(fields=["content_type", "object_id", "-at"], name="audit_object_trail"),
            models.Index(fields=["actor_label"], name="audit_by_who"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=AuditAction.values), name="audit_action_valid"
            ),
            models.CheckConstraint(condition=~models.Q(actor_label=""), name="audit_says_who"),
            models.CheckConstraint(
                condition=~models.Q(object_label=""), name="audit_says_what_changed"
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.object_label}"


class AuditObjectName(models.Model):
    """What an audit trail row's object was called when the row was written ("Maya Mentor
    and Bola Board", "Maya Mentor, 2026/27 pilot"), so the row still reads once the object is
    gone: the people and programme, never what anyone wrote. Kept beside the row, which is
    append-only, because deleting an account takes the person's name and address out of it
    (accounts.services), as out of the admin's history."""

    event = models.OneToOneField(
        AuditEvent,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="object_name",
        editable=False,
    )
    text = models.CharField(max_length=300, editable=False)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~models.Q(text=""), name="audit_name_not_empty"),
        ]

    def __str__(self):
        return self.text
