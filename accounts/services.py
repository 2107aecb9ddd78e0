import hashlib
import json
from collections.abc import Callable, Iterable
from importlib import import_module
from typing import Any, NamedTuple

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Group
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from icalendar import vText
from icalendar.parser import Contentline, Contentlines

from accounts.adapter import account_of
from accounts.audit import Audited, audit_label, audit_record, audit_record_many
from accounts.bounds import posted_number
from accounts.mail import TemplatedMail, send_templated_mail, send_templated_mails, with_zone
from accounts.models import (
    COORDINATORS_GROUP,
    AuditAction,
    AuditObjectName,
    FormerName,
    Invitation,
    OutboxMessage,
    OutboxStatus,
    User,
)
from accounts.outbox import outbox_cancel
from accounts.personal_data import (
    DELETED_NAME,
    KnownAs,
    Reader,
    addressed_to,
    anonymised_email,
    known_as,
    names_take_out,
    registered_parts,
    taken_out,
)
from accounts.signals import invitation_accepted
from accounts.tokens import new_token


class InvitationError(Exception):
    """An invitation that can no longer be used; the message says why, for the invitee."""


class InvitationChanged(Exception):
    """The address's link is no longer the one the office's page showed (a new link was sent
    meanwhile, perhaps by the same click twice, or it was used or withdrawn): nothing was
    sent. The message says what happened, for the office."""


# What a confirmation shows for an address with no link open.
NO_OPEN_LINK = "none"


def invitation_links_shown(emails: Iterable[str]) -> dict[str, str]:
    """What a confirmation that sends new links shows of each address's link, by address in
    lower case: the number of the link open now (used or withdrawn it is no longer open;
    expired, it still is), or NO_OPEN_LINK. Posted back with "Yes" as `seen`, so that the
    second of two clicks sends nothing. One query."""
    lowered = {email.lower() for email in emails}
    shown = dict.fromkeys(lowered, NO_OPEN_LINK)
    open_links = (
        Invitation.objects.annotate(address=Lower("email"))
        .filter(address__in=lowered, accepted_at__isnull=True, revoked_at__isnull=True)
        .values_list("address", "pk")
    )
    shown.update((address, str(pk)) for address, pk in open_links)
    return shown


def address_lock(email: str) -> None:
    """Make this transaction the only one inviting `email` until it ends: whoever invites
    the address too (an invitation, a board-member place; the same "Yes" clicked twice, or
    two coordinators at once) waits here, and its next reads see what this one wrote, so it
    answers as it would a minute later instead of meeting the database's refusal.

    Call it inside the transaction, before the first read that decides anything."""
    if not connection.in_atomic_block:
        raise RuntimeError("address_lock holds only until its transaction ends: open one first.")
    if connection.vendor == "postgresql":
        # A lock on the address itself, since a new address has no row to lock yet. Held
        # until commit or rollback; taken again by the same transaction, it is already held.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))", [f"invitation:{email.lower()}"]
            )
    # SQLite (the embedded mode) takes its one write lock as each transaction begins
    # (transaction_mode IMMEDIATE in config/settings.py): writers already go one at a time.


def _violates(error: IntegrityError, constraint: str) -> bool:
    """Whether the database refused a write because of `constraint`."""
    diag = getattr(error.__cause__, "diag", None)  # PostgreSQL names it
    if diag is not None:
        return diag.constraint_name == constraint
    return constraint in str(error)  # SQLite says it in words


def created_unless(model, *, refused_by: str, **fields):
    """A new row of `model`, or None when the database refuses it by the constraint
    `refused_by` (a row written meanwhile by a transaction that did not take
    `address_lock`). In a savepoint, so the caller's transaction goes on either way; any
    other refusal is raised."""
    try:
        with transaction.atomic():
            return model.objects.create(**fields)
    except IntegrityError as error:
        if not _violates(error, refused_by):
            raise
        return None


def invitation_create(
    *,
    email: str,
    invited_by: User | None,
    invited_to: str = "",
    office_email: str = "",
    seen: str | None = None,
) -> Invitation:
    """Invite an address, replacing any earlier open link for it, and send the link.

    `invited_to` names what the invitation is for ("2026/27 pilot, as a board member") and
    `office_email` whom to ask; the app that invites supplies them. `seen` is the address's
    link as the office's page showed it (`invitation_links_shown`): if it has changed since,
    nothing is sent and InvitationChanged says why.
    """
    return _invitation_replace(
        email=email,
        invited_by=invited_by,
        invited_to=invited_to,
        office_email=office_email,
        action=AuditAction.INVITATION_SENT,
        seen=seen,
    )


# What each address is invited to now ("2027/28 cohort as a board member"), by address
# lower-cased, "" when nothing waits for it any more: said by the app that invites
# (mentoring, its board members' places waiting), as accounts imports none of them, in one
# query for them all. Unset, an invitation's own words stand. With it, `why_not`: why
# nothing waits for each of those addresses any more, in words ("2026/27 pilot has ended, so
# nobody joins it any more."), "" when the app has nothing to add.
# `refused_to`: why an account may not take some of what its invitation offers (someone in
# the office offered a board place), in words for them, and whether that is all of it; None
# when it may take everything.
_invited_to_now: Callable[[list[str]], dict[str, str]] | None = None
_why_nothing_waits: Callable[[list[str]], dict[str, str]] | None = None
_refused_to: Callable[[User], "Refused | None"] | None = None


class Refused(NamedTuple):
    """Why an account may not take some of what its invitation offers (`refused_to`), and
    whether that is every part of it."""

    why: str
    every: bool


def register_invited_to(
    function: Callable[[list[str]], dict[str, str]],
    *,
    why_not: Callable[[list[str]], dict[str, str]] | None = None,
    refused_to: Callable[[User], Refused | None] | None = None,
) -> None:
    global _invited_to_now, _why_nothing_waits, _refused_to
    _invited_to_now, _why_nothing_waits, _refused_to = function, why_not, refused_to


def what_the_account_may_not_take(user: User) -> Refused | None:
    """Why the account may not take some of what its open invitation offers, and whether
    that is all of it: said on the invitation's page before it is accepted (`refused_to`, the
    inviting app's rule, which refuses joining too). None when it may take everything, or
    when no app says."""
    return _refused_to(user) if _refused_to is not None else None


def why_nothing_waits(emails: Iterable[str]) -> dict[str, str]:
    """Why nothing waits for each address any more (`invited_to_now` said None), by address
    lower-cased, in words for the office and the invitee alike."""
    lowered = [email.lower() for email in emails]
    said = _why_nothing_waits(lowered) if _why_nothing_waits is not None and lowered else {}
    return {
        email: said.get(email) or "The board member's place it was for was removed."
        for email in lowered
    }


def why_the_link_joins_nothing(invitation: Invitation, *, owner: User | None) -> str | None:
    """Why this open link joins nothing any more, if it does not: the account of its address
    (`owner`, which the caller found by the one rule, `account_of`: its sign-in address or
    one it confirmed) was switched off since it was sent (it can neither sign in to accept
    it nor reset its password, and only the office switches it on, as `board_member_invite`
    says), or every place it was for was removed, or their programmes take nobody new
    (`invited_to_now` says None). Its page says so before anything is asked, and using it is
    refused: no account is made for nothing."""
    if owner is not None and not owner.is_active:
        return (
            f"The account of {invitation.email} has been switched off, so it cannot sign in "
            "to accept this invitation. Only the programme office can switch it on again."
        )
    if invited_to_now([invitation])[invitation.pk] is not None:
        return None
    return why_nothing_waits([invitation.email])[invitation.email.lower()]


def invited_to_now(invitations: list[Invitation]) -> dict[int, str | None]:
    """What a new link for each invitation would invite its address to, by invitation id:
    None when nothing waits for it any more (the place it was for was removed), so no link
    is sent. An invitation to nothing in particular (an account) stays so."""
    said = {}
    if _invited_to_now is not None:
        said = _invited_to_now([i.email for i in invitations if i.invited_to])
    return {
        i.pk: i.invited_to if not i.invited_to else (said.get(i.email.lower()) or None)
        for i in invitations
    }


class NothingWaits(InvitationChanged):
    def __init__(self, email: str):
        why = why_nothing_waits([email])[email.lower()]
        super().__init__(f"Nothing waits for {email} any more: {why} No new link was sent.")


def invitation_resend(
    *, invitation: Invitation, invited_by: User | None, seen: str | None = None
) -> Invitation | None:
    """Send a new link for the same purpose, replacing this one. None once it has been used;
    InvitationChanged when the address's link is no longer the one `seen` (as for
    `invitation_create`), or when it was used after the page that showed `seen`."""
    if invitation.is_accepted:
        if seen is not None:
            # The office's page showed it waiting: it was accepted since, and is said so.
            raise InvitationChanged(_accepted_meanwhile(invitation.email))
        return None
    invited_to = invited_to_now([invitation])[invitation.pk]
    if invited_to is None:
        raise NothingWaits(invitation.email)
    return _invitation_replace(
        email=invitation.email,
        invited_by=invited_by,
        invited_to=invited_to,
        office_email=invitation.office_email,
        action=AuditAction.INVITATION_RESENT,
        seen=seen,
    )


def _invitation_replace(
    *,
    email: str,
    invited_by: User | None,
    invited_to: str,
    office_email: str,
    action: str,
    seen: str | None,
) -> Invitation:
    email = User.objects.normalize_email(email).lower()
    token, token_hash = new_token()
    now = timezone.now()
    with transaction.atomic():
        # Two sends at once (a double click) go one at a time; the reads below are new
        # statements, so the second sees the first's new link and refuses. The address's
        # links are locked too, so that one being used meanwhile (invitation_accept) is
        # waited for and not replaced.
        address_lock(email)
        list(Invitation.objects.select_for_update().filter(email__iexact=email).values("pk"))
        replaced = Invitation.objects.filter(
            email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
        )
        if seen is not None:
            current = replaced.first()  # at most one (invitation_one_open_per_email)
            if (str(current.pk) if current else NO_OPEN_LINK) != seen:
                raise InvitationChanged(_link_changed(email, current, seen))
        replaced_label = ", ".join(audit_label(old) for old in replaced.order_by("pk"))
        replaced.update(revoked_at=now)
        _invitation_emails_call_off(email, reason="The invitation was replaced by a new one.")
        invitation = created_unless(
            Invitation,
            refused_by="invitation_one_open_per_email",
            email=email,
            token_hash=token_hash,
            invited_by=invited_by,
            created_at=now,
            expires_at=Invitation.default_expiry(now),
            invited_to=invited_to,
            office_email=office_email,
        )
        if invitation is None:
            raise InvitationChanged(_sent_meanwhile(email))
        _invitation_send(invitation, token)
        values = {"expires_at": (None, invitation.expires_at)}
        if replaced_label:
            values["replaces"] = (None, replaced_label)
        audit_record(actor=invited_by, action=action, obj=invitation, values=values)
    return invitation


def _link_changed(email: str, current: Invitation | None, seen: str) -> str:
    """What became of the address's link after the office's page showed it (`seen`)."""
    if current is not None:
        return (
            f"{email} was sent a new link at {with_zone(current.created_at, 'j F Y, H:i')}, "
            "after the page you confirmed was shown; that link still works, and no other was "
            "sent."
        )
    number = posted_number(seen)
    shown = Invitation.objects.filter(pk=number).first() if number is not None else None
    if shown is not None and shown.is_accepted:
        return _accepted_meanwhile(email)
    return (
        f"{email}'s link was withdrawn after the page you confirmed was shown, so no new link "
        "was sent. Choose them again to send one."
    )


def _sent_meanwhile(email: str) -> str:
    current = Invitation.objects.filter(
        email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).first()
    when = f" at {with_zone(current.created_at, 'j F Y, H:i')}" if current else ""
    return (
        f"{email} was sent an invitation link{when} by someone else at the same moment; that "
        "link works, and no other was sent."
    )


def _accepted_meanwhile(email: str) -> str:
    return f"{email} has accepted their invitation meanwhile, so no new link was sent."


INVITATION_EMAIL = "accounts/email/invitation"


def _invitation_send(invitation: Invitation, token: str) -> None:
    send_templated_mail(
        INVITATION_EMAIL,
        to=invitation.email,
        context={
            "invitation": invitation,
            "has_account": User.objects.filter(email__iexact=invitation.email).exists(),
            "accept_path": reverse("invitation_accept", args=[token]),
            "office_email": invitation.office_email or settings.PROGRAMME_OFFICE_EMAIL,
        },
    )


def _invitation_emails_call_off(email: str, *, reason: str) -> int:
    """Call off the invitation emails to `email` not yet delivered: waiting, or failed (so
    that "send again" cannot send them). Every one is for a link now withdrawn or replaced;
    the office's list says why each was not sent."""
    return outbox_cancel(
        OutboxMessage.objects.filter(kind=INVITATION_EMAIL, to__iexact=email),
        reason=reason,
        failed_too=True,
    )


def invitation_revoke(*, invitation: Invitation, by: User | None = None) -> bool:
    """Revoke an open invitation. Returns False when it had already been used or revoked."""
    now = timezone.now()
    with transaction.atomic():
        changed = Invitation.objects.filter(
            pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
        if changed:
            _invitation_emails_call_off(invitation.email, reason="The invitation was withdrawn.")
            audit_record(
                actor=by,
                action=AuditAction.INVITATION_REVOKED,
                obj=invitation,
                values={"revoked_at": (None, now)},
            )
    return changed == 1


def _claim(invitation: Invitation) -> tuple[Invitation, User | None]:
    """The invitation, locked and still usable, and the account of its address, if any
    (`account_of`), read under the address's lock."""
    # The address first, as inviting takes it: a place offered at the same moment waits,
    # then finds the account and joins it at once, rather than sending one more link.
    address_lock(invitation.email)
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.is_accepted:
        raise InvitationError("This invitation has already been used.")
    if locked.is_revoked:
        raise InvitationError("This invitation was replaced or withdrawn.")
    if locked.is_expired:
        raise InvitationError("This invitation has expired.")
    owner = account_of(locked.email)
    joins_nothing = why_the_link_joins_nothing(locked, owner=owner)
    if joins_nothing:
        raise InvitationError(joins_nothing)
    return locked, owner


def unconfirmed_claims_drop(*, email: str, owner: User) -> None:
    """`owner`'s account has just been made with `email`: any other account that typed the
    address and never confirmed it loses it (it was never theirs: accounts.adapter.account_of),
    so no link sent to confirm it there can later take it from its owner, and is told why by
    email (`_unconfirmed_claims_dropped_tell`). Called inside the transaction that makes the
    account. The rows are locked first, and only those still unconfirmed under the lock are
    deleted: Django reads rows before deleting them, so a confirmation committed in between
    (its link followed at that moment) was deleted too."""
    claims = EmailAddress.objects.filter(email__iexact=email, verified=False).exclude(user=owner)
    locked = list(claims.select_for_update().order_by("pk").values_list("pk", flat=True))
    dropped = list(
        EmailAddress.objects.filter(pk__in=locked, verified=False).select_related("user")
    )
    EmailAddress.objects.filter(pk__in=[claim.pk for claim in dropped]).delete()
    _unconfirmed_claims_dropped_tell(dropped)


UNCONFIRMED_ADDRESS_REMOVED_EMAIL = "accounts/email/unconfirmed_address_removed"


def _unconfirmed_claims_dropped_tell(dropped: list[EmailAddress]) -> None:
    """Tell each account that lost an address it typed (`unconfirmed_claims_drop`) why it
    went, at the address it signs in with (never the one it lost: that is its owner's now),
    without naming the owner. It says no more than the account's own list of addresses
    shows, where the address is simply gone."""
    send_templated_mails(
        [
            TemplatedMail(
                UNCONFIRMED_ADDRESS_REMOVED_EMAIL,
                to=claim.user.email,
                recipient=claim.user,
                context={
                    "user": claim.user,
                    "removed_email": claim.email,
                    "office_email": settings.PROGRAMME_OFFICE_EMAIL,
                },
            )
            for claim in dropped
            if claim.user.email.lower() != claim.email.lower()
        ]
    )


def invitation_accept_new_user(*, invitation: Invitation, full_name: str, password: str) -> User:
    """Create the invitee's account, its email already verified, and use up the link. Not
    with an address that is already an account's (`account_of`): one it signs in with, or
    one it confirmed, which stays that account's alone."""
    with transaction.atomic():
        invitation, owner = _claim(invitation)
        if owner is not None and owner.email.lower() == invitation.email.lower():
            raise InvitationError("An account already exists for this address. Sign in instead.")
        if owner is not None:
            raise InvitationError(
                f"{invitation.email} is already an address of another account here, so no new "
                "account can be made with it. Ask the programme office to invite the address "
                "you sign in with."
            )
        user = User.objects.create_user(
            email=invitation.email, password=password, full_name=full_name
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        unconfirmed_claims_drop(email=user.email, owner=user)
        _mark_accepted(invitation, user)
    return user


def invitation_accept_existing_user(*, invitation: Invitation, user: User) -> None:
    """An invitation sent to someone who already has an account: they accept while signed in."""
    with transaction.atomic():
        invitation, _owner = _claim(invitation)
        if user.email.lower() != invitation.email.lower():
            raise InvitationError("This invitation was sent to a different email address.")
        updated = EmailAddress.objects.filter(user=user, email__iexact=user.email).update(
            verified=True
        )
        if not updated:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        _mark_accepted(invitation, user)


def _mark_accepted(invitation: Invitation, user: User) -> None:
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    invitation_accepted.send(sender=Invitation, invitation=invitation, user=user)


class CoordinatorRefused(Exception):
    pass


def why_not_coordinator(user: User) -> str | None:
    """Why `user` may not join the programme office, or None: `why_not_coordinator_many`
    for one person."""
    return why_not_coordinator_many([user])[user.pk]


def why_not_coordinator_many(users: list[User]) -> dict[int, str | None]:
    """Why each of `users` may not join the programme office, by id, or None: they take part
    in a programme (a pair, an application under way, a board member's place). The office
    reads what pair members raise about each other and the applications of colleagues, so
    the two roles are kept apart, as coordinators do not apply
    (mentoring.access.why_cannot_apply). Each app is asked once for them all."""
    said = [part.taking_part(users) for part in registered_parts() if part.taking_part]
    problems = {}
    for user in users:
        parts = [phrase for by_person in said for phrase in by_person.get(user.pk, [])]
        problems[user.pk] = (
            f"{user} takes part in the programme ({'; '.join(parts)}), and the programme "
            "office reads what pair members and applicants tell it in confidence. End that "
            "part first."
            if parts
            else None
        )
    return problems


def _people_lock(users: list[User]) -> None:
    """Lock the people's rows, in the order of their ids, so that two locking some of the
    same people at once wait for each other rather than deadlock."""
    list(
        User.objects.select_for_update(no_key=True)
        .filter(pk__in=[user.pk for user in users])
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def coordinator_grant(*, user: User, by: User | None = None) -> None:
    """Make `user` a coordinator (`coordinator_grant_many`); CoordinatorRefused, with
    nothing changed, for someone who takes part."""
    refused = coordinator_grant_many(users=[user], by=by)
    if user.pk in refused:
        raise CoordinatorRefused(refused[user.pk])


def coordinator_grant_many(*, users: list[User], by: User | None) -> dict[int, str]:
    """Coordinators run the programme office in the admin, so they need admin access too.
    Refused for someone who takes part (`why_not_coordinator`): returns why, by id, for
    each of `users` left as they were. Checked with the coordinators' group and the people
    locked, as deleting an account takes them, and sending an application or adding an
    address of theirs to a board (mentoring's `board_member_invite`, which takes no group
    lock) takes the person: one sent or added meanwhile is found here, and one tried after
    finds them a coordinator. The audit trail records who (`by`) made each of them a
    coordinator who was not one (`_access_audit`). In one transaction, and a fixed number of
    queries however many people (but for ending each session they had)."""
    with transaction.atomic():
        group = Group.objects.select_for_update().get(name=COORDINATORS_GROUP)
        _people_lock(users)
        refused = {
            pk: problem for pk, problem in why_not_coordinator_many(users).items() if problem
        }
        granted = [user for user in users if user.pk not in refused]
        if not granted:
            return refused
        already = set(
            group.user_set.filter(pk__in=[user.pk for user in granted]).values_list("pk", flat=True)
        )
        # A session they opened before had less: they sign in again, through the
        # authenticator step, for a new one (a superuser, or a coordinator already, gains
        # nothing here).
        gaining = [
            user.pk
            for user in granted
            if not user.is_superuser and (not user.is_staff or user.pk not in already)
        ]
        _access_audit(
            by,
            AuditAction.COORDINATOR_MADE,
            [
                Audited(user, {"is_staff": (False, True)} if not user.is_staff else {})
                for user in granted
                if user.pk not in already or not user.is_staff
            ],
        )
        group.user_set.add(*granted)
        not_staff = [user for user in granted if not user.is_staff]
        if not_staff:
            User.objects.filter(pk__in=[user.pk for user in not_staff]).update(is_staff=True)
            for user in not_staff:
                user.is_staff = True
        if gaining:
            sessions_end(*gaining)
    return refused


def coordinator_revoke(*, user: User, by: User | None = None) -> bool:
    """Take `user` out of the coordinators (`coordinator_revoke_many`). False, with nothing
    changed, when they were not a coordinator."""
    return user.pk in coordinator_revoke_many(users=[user], by=by)


def coordinator_revoke_many(*, users: list[User], by: User | None) -> set[int]:
    """Take each of `users` out of the coordinators, and off the staff unless a superuser.
    Returns the ids of those who were coordinators; the others are left as they were. The
    audit trail records who (`by`) took each of them out (`_access_audit`). In one
    transaction, and a fixed number of queries however many people."""
    with transaction.atomic():
        # The group, then the people, as granting and deleting an account take them: two
        # removals at once count once, and a deletion meanwhile waits rather than deadlocks.
        group = Group.objects.select_for_update().get(name=COORDINATORS_GROUP)
        _people_lock(users)
        members = set(
            group.user_set.filter(pk__in=[user.pk for user in users]).values_list("pk", flat=True)
        )
        removed = [user for user in users if user.pk in members]
        if not removed:
            return members
        group.user_set.remove(*removed)
        leaving_staff = [user for user in removed if not user.is_superuser and user.is_staff]
        leaving = {user.pk for user in leaving_staff}
        _access_audit(
            by,
            AuditAction.COORDINATOR_REMOVED,
            [
                Audited(user, {"is_staff": (True, False)} if user.pk in leaving else {})
                for user in removed
            ],
        )
        if leaving_staff:
            User.objects.filter(pk__in=[user.pk for user in leaving_staff]).update(is_staff=False)
            for user in leaving_staff:
                user.is_staff = False
    return members


def coordinator_change_record(*, change: Audited, was: bool, now: bool, by: User) -> None:
    """Access given or taken other than by `coordinator_grant_many` or
    `coordinator_revoke_many` (a superuser ticking the Coordinators group or superuser
    status on the person's page): recorded as they record it (`_access_audit`), if the
    person (`change.obj`) was not a coordinator and `now` is one, or the reverse (`was`,
    `now`: `User.is_coordinator` before and after). In the transaction of the change."""
    if was != now:
        action = AuditAction.COORDINATOR_MADE if now else AuditAction.COORDINATOR_REMOVED
        _access_audit(by, action, [change])


def _access_audit(by: User | None, action: AuditAction, changes: list[Audited]) -> None:
    """A row for each person who joined or left the office, naming who in it (`by`) did it
    (the admin's actions). None is access set up outside the site (the demo's seed, a test's
    cast): from a shell, where anything can be written unrecorded, a row would prove nothing,
    so the office's trail has none."""
    if by is not None:
        audit_record_many(actor=by, action=action, changes=changes)


# Personal data: the person's own download, and deleting their account.

EXPORT_ABOUT = (
    "Everything this site holds about you that you may see, as of the time above. Each pair's "
    "meetings, notes and action steps are here because you were in that pair: your former "
    "partner sees them too, and nobody else does. Not here: your answers to evaluation surveys, "
    "because they are stored with no link to you, so that nobody, us included, can tell which "
    "answers are yours (the list of surveys you answered is); and what the programme office "
    "wrote for itself (its notes on applications, conflicts of interest, exemptions, and its "
    "audit trail of who changed what, your details included): ask the office for those. "
    "Emails are listed by subject; their text is not kept once sent."
)


def user_data_export(*, user: User) -> dict[str, Any]:
    """The person's own data, as JSON-ready values: their account, and each app's part
    (accounts.personal_data). A fixed number of queries, whatever they did."""
    # What went to an address while it was theirs is theirs, here as when the account is
    # deleted: one rule for both (`_invitations_of`, `_messages_to`).
    known = known_as(user)
    data: dict[str, Any] = {
        "about": EXPORT_ABOUT,
        "exported_at": timezone.now(),
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "job_title": user.job_title,
            "department": user.department,
            "joined": user.date_joined,
            "last_signed_in": user.last_login,
            "wants_nudges": user.wants_nudges,
            # Kept only so that deleting the account can take them out of what named them.
            "former_names_and_addresses": [
                {"text": former.text, "until": former.until}
                for former in FormerName.objects.filter(user=user)
            ],
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("email")
            ],
            # That they exist and when they were used; never the secrets themselves.
            "two_factor_authentication": [
                {
                    "kind": authenticator.get_type_display(),
                    "set_up": authenticator.created_at,
                    "last_used": authenticator.last_used_at,
                }
                for authenticator in Authenticator.objects.filter(user=user)
                .only("type", "created_at", "last_used_at")
                .order_by("pk")
            ],
        },
        "invitations": [
            {
                "to": invitation.email,
                "for": invitation.invited_to,
                "sent": invitation.created_at,
                "expires": invitation.expires_at,
                "status": invitation.status,
                "accepted": invitation.accepted_at,
            }
            for invitation in _invitations_of(user, known).order_by("created_at")
        ],
        "emails_sent_to_you": [
            {
                # As the office's outbox names it, not the template it was written from.
                "kind": message.kind_in_words,
                "to": message.to,
                "subject": message.subject,
                "status": message.get_status_display(),
                "written": message.created_at,
                "sent": message.sent_at,
            }
            for message in _messages_to(user, known)
            .only("kind", "to", "subject", "status", "created_at", "sent_at")
            .order_by("created_at", "pk")
        ],
    }
    for part in registered_parts():
        if part.export is not None:
            data.update(part.export(user, known=known))
    return data


def _invitations_of(person: User, known: KnownAs):
    """Invitations to any address the person went by, while it was theirs, unless someone
    else took one up (a former address someone else holds now is theirs): what their
    download lists and deleting their account erases."""
    return Invitation.objects.filter(
        known.written_to("email", "created_at"),
        Q(accepted_by__isnull=True) | Q(accepted_by=person),
    )


def _messages_to(person: User, known: KnownAs):
    """The outbox's emails meant for the person (`addressed_to`): what their download lists
    and deleting their account empties."""
    return OutboxMessage.objects.filter(addressed_to(person, known))


class AccountDeleteError(Exception):
    """An account that may not be deleted this way; the message says why."""


def account_delete_problem(*, user: User, by: User) -> str | None:
    """Why `by` may not delete `user`'s account; None when they may
    (`account_delete_problem_many`, for one account)."""
    return account_delete_problem_many(users=[user], by=by)[user.pk]


def account_delete_problem_many(*, users: list[User], by: User) -> dict[int, str | None]:
    """Why `by` may not delete each of `users`' accounts, by id; None where they may. One
    query, however many accounts."""
    # The coordinators who would remain to run the programme office, read once for all.
    coordinators = set(
        User.objects.coordinators().filter(deleted_at__isnull=True).values_list("pk", flat=True)
    )
    return {user.pk: _delete_problem(user, by=by, coordinators=coordinators) for user in users}


def _delete_problem(user: User, *, by: User, coordinators: set[int]) -> str | None:
    """A person deletes their own; a coordinator any account but other staff's; only a
    superuser deletes staff. Nobody deletes the last coordinator's (`coordinators`: the
    ids of the active ones)."""
    if user.is_deleted:
        return "This account has already been deleted."
    if user.is_superuser:
        return "A superuser's account is not deleted here: remove its superuser status first."
    if coordinators == {user.pk}:
        return (
            "This is the programme office's only coordinator account: deleting it would leave "
            "nobody to run the programme. Make someone else a coordinator first."
        )
    if by.pk == user.pk:
        return None
    if not by.is_coordinator:
        return "Only the person or the programme office can delete an account."
    if user.is_staff and not by.is_superuser:
        return "Only a superuser can delete the account of a member of staff."
    return None


def account_delete_consequences(*, user: User, by: User) -> list[str]:
    """What deleting `user`'s account would change beyond the account itself, worded for
    `by` (`account_delete_consequences_many`, for one account)."""
    return account_delete_consequences_many(users=[user], by=by)[user.pk]


def account_delete_consequences_many(*, users: list[User], by: User) -> dict[int, list[str]]:
    """What deleting each of `users`' accounts would change beyond the account itself, by
    id, in sentences worded for `by`, who confirms it: the person ("You lose …", "Your
    pairing … ends") or the programme office ("Bola Board loses …", "Bola Board's pairing …
    ends"). Each app is asked once for them all."""
    readers = [Reader(person=user, is_the_person=by.pk == user.pk) for user in users]
    said = [part.consequences(readers) for part in registered_parts() if part.consequences]
    consequences = {}
    for reader in readers:
        user = reader.person
        office = []
        if user.is_staff:
            office.append(
                "You lose your access to the programme office, and your place in it."
                if reader.is_the_person
                else f"{user} loses their access to the programme office, and their place in it."
            )
        consequences[user.pk] = office + [
            sentence for by_person in said for sentence in by_person.get(user.pk, [])
        ]
    return consequences


def account_delete_removes(*, user: User) -> list[str]:
    """What of the person's the apps remove with the account, beyond the account's own
    (their name, address, sign-in), as phrases for a list."""
    return [
        phrase
        for part in registered_parts()
        if part.removes is not None
        for phrase in part.removes(user)
    ]


def account_delete_emailed(*, user: User) -> list[str]:
    """Who deleting `user`'s account emails (`account_delete_emailed_many`, for one)."""
    return account_delete_emailed_many(users=[user])[user.pk]


def account_delete_emailed_many(*, users: list[User]) -> dict[int, list[str]]:
    """Who deleting each of `users`' accounts emails, by id, "Name (address): why", asked of
    the apps that send those emails, from the lists they send to; each app once for them
    all."""
    said = [part.emailed(users) for part in registered_parts() if part.emailed]
    return {
        user.pk: [line for by_person in said for line in by_person.get(user.pk, [])]
        for user in users
    }


def emailed_shown(lines: list[str]) -> str:
    """Stands for these lines of `account_delete_emailed`, as a confirmation showed them,
    one short digest each: posted back with "Yes" (`account_delete`'s `emailed_seen`)."""
    return " ".join(sorted({_digest(line) for line in lines}))


def _digest(line: str) -> str:
    return hashlib.sha256(line.encode()).hexdigest()[:16]


class AccountDeleteChanged(AccountDeleteError):
    def __init__(self, user: User):
        super().__init__(
            f"Who deleting {user.full_name}'s account emails changed after the page was "
            "shown, so it was not deleted and nobody was emailed. Look at it again before "
            "deleting it."
        )


def account_delete(*, user: User, by: User, emailed_seen: str | None = None) -> list[str]:
    """Delete a person's account, in one transaction. What the programme's statistics count
    stays, anonymised (the rows of their applications, profiles, pairs, meetings, event
    places and survey participations, with names, addresses and free text replaced); the
    rest goes (notes they wrote, invitations to their address, email addresses, second
    factors, sessions, the text of emails). Each app erases its own part first: mentoring
    ends an active pair and tells the programme office. Raises AccountDeleteError when
    `by` may not, or the account was deleted meanwhile; AccountDeleteChanged when it would
    email someone the confirmation did not name (`emailed_seen`, `emailed_shown` of its
    lines; fewer is no surprise: deleting both people of a pair in one go, the second is no
    longer told of the first's pair), checked with what decides it locked (each app's
    `lock`). Returns whom it emailed (`account_delete_emailed`'s lines, read under those
    locks)."""
    with transaction.atomic():
        # Every deletion first takes the coordinators' group: two coordinators deleting
        # themselves (or each other) at once cannot both find the other still there.
        Group.objects.select_for_update().filter(name=COORDINATORS_GROUP).first()
        # No key update: two deletions of one account go one at a time, while rows naming
        # the person (an email to them, an audit row) may still be written meanwhile, as a
        # pair confirmed while the account is deleted writes them (tests/matching/
        # test_confirming_a_pair_while_its_people_change.py).
        person = User.objects.select_for_update(no_key=True).get(pk=user.pk)
        problem = account_delete_problem(user=person, by=by)
        if problem:
            raise AccountDeleteError(problem)
        known = known_as(person)  # before any of their addresses go
        for part in registered_parts():
            if part.lock is not None:
                part.lock(person, known=known)
        emailed = account_delete_emailed(user=person)
        if emailed_seen is not None:
            shown = set(emailed_seen.split())
            if any(_digest(line) not in shown for line in emailed):
                raise AccountDeleteChanged(person)
        # Before the apps write this deletion's own emails, which name the person on
        # purpose (the partner and the office are told who left).
        _unsent_bodies_scrub(known)
        for part in registered_parts():
            if part.erase is not None:
                part.erase(person, by=by, known=known)
        _account_erase(person, known)
        if by.pk != person.pk:
            # Who deleted it, and when; the account by its number only. A person deleting
            # their own account is not recorded, as its other rows do not name them either.
            audit_record(actor=by, action=AuditAction.DELETED, obj=person)
    return emailed


def _account_erase(person: User, known: KnownAs) -> None:
    new_email = anonymised_email(person.pk)
    _invitations_of(person, known).delete()
    EmailAddress.objects.filter(user=person).delete()
    Authenticator.objects.filter(user=person).delete()
    messages = _messages_to(person, known)
    outbox_cancel(messages, reason="The account was deleted.")
    # The office keeps a trace that an email of this kind went, and when; not to whom or what
    # (nor why it failed: a server's refusal quotes the address it refused).
    messages.update(
        to=new_email, subject="", text="", html="", attachments="", changes={}, last_error=""
    )
    _admin_log_scrub(person, known)
    FormerName.objects.filter(user=person).delete()
    sessions_end(person.pk)

    person.email = new_email
    person.full_name = DELETED_NAME
    person.job_title = person.department = ""
    person.is_active = person.is_staff = person.is_superuser = False
    person.wants_nudges = False
    person.deleted_at = timezone.now()
    # Also signs out any session that survived: its hash was made from the old password.
    person.set_unusable_password()
    person.save()
    person.groups.clear()
    person.user_permissions.clear()


def _admin_log_scrub(person: User, known: KnownAs) -> None:
    """The admin's history, the audit trail and the outbox's subjects name objects and
    people as they were called ("Maya Patel → 2026 pilot", "Maya Patel and Bola Board"):
    every name and address the person went by (`known`) is replaced there. The audit rows
    themselves are append-only and keep one name: who in the office made each change, as
    written at the time (`actor_label`), for the office's accountability; what a row changed
    is named beside it (`AuditObjectName`), scrubbed here. A one-word name is left alone
    (`KnownAs.in_text`); the entries about the account itself lose it whatever."""
    LogEntry.objects.filter(
        content_type__app_label="accounts", content_type__model="user", object_id=str(person.pk)
    ).update(object_repr=DELETED_NAME)
    for model, field in (
        (LogEntry, "object_repr"),
        (AuditObjectName, "text"),
        # Emails to others that named them ("Maya Patel proposed a meeting"), as the
        # outbox's list shows them (their bodies: `_unsent_bodies_scrub`).
        (OutboxMessage, "subject"),
    ):
        names_take_out(model.objects.all(), (field,), known)


def _unsent_bodies_scrub(known: KnownAs) -> None:
    """Emails to others keep their text, HTML and attachments until sent (accounts.outbox):
    one waiting would still be delivered naming the person ("Maya Patel has proposed a
    meeting", in its calendar file too), and one that failed or was called off would keep
    the name for good. The same names and addresses as in subjects (`_admin_log_scrub`) are
    taken out of them, whatever their case. Encrypted, these cannot be searched: each is read
    and, if it named them, written back (an email called off keeps no body to read). Rows
    to the person are emptied after (`_account_erase`)."""
    if not known.in_text:
        return
    unsent = OutboxMessage.objects.exclude(status=OutboxStatus.SENT).exclude(
        text="", html="", attachments=""
    )
    for message in unsent.only("text", "html", "attachments").iterator(chunk_size=500):
        bodies = {
            "text": taken_out(message.text, known.in_text),
            "html": taken_out(message.html, known.in_text, _html_spellings),
            "attachments": _attachmentstaken_out(message.attachments, known.in_text),
        }
        if any(bodies[field] != getattr(message, field) for field in bodies):
            # Unless it was sent meanwhile: sending empties the body, which stays empty.
            OutboxMessage.objects.filter(pk=message.pk).exclude(status=OutboxStatus.SENT).update(
                **bodies
            )


def _html_spellings(name: str) -> tuple[str, ...]:
    return (escape(name), name)  # as a template escapes it: "O&#x27;Brien"


def _calendar_spellings(name: str) -> tuple[str, ...]:
    return (vText(name).to_ical().decode(), name)  # as a calendar's text escapes it


def _attachmentstaken_out(attachments: str, names: tuple[str, ...]) -> str:
    """The outbox's attachments (JSON: [[name, content, type]]) with `names` taken out of
    each file's name and content."""
    if not attachments:
        return attachments
    files = json.loads(attachments)
    scrubbed = [
        [
            taken_out(filename, names),
            _calendartaken_out(content, names)
            if mimetype == "text/calendar"
            else taken_out(content, names),
            mimetype,
        ]
        for filename, content, mimetype in files
    ]
    return json.dumps(scrubbed) if scrubbed != files else attachments


def _calendartaken_out(content: str, names: tuple[str, ...]) -> str:
    """A calendar file folds its long lines, which may split a name (RFC 5545, 3.1):
    icalendar unfolds them, the names are taken out, and it folds them again."""
    lines = Contentlines.from_ical(content)
    scrubbed = [taken_out(line, names, _calendar_spellings) for line in lines]
    if scrubbed == lines:
        return content
    return Contentlines(Contentline(line) for line in scrubbed).to_ical().decode()


def sessions_end(*user_ids: int, keeping: str | None = None) -> None:
    """Delete the sessions of the people `user_ids` where the session engine can list them
    (the database, with or without a cache in front), but the one whose key is `keeping`
    (the one they act in). Every live session is read once, however many people. Sessions
    only in a cache, or in signed cookies, cannot be listed: they end at their next request,
    as the password they were made with is gone."""
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store_class, "get_model_class") or not user_ids:
        return
    # A session keeps its person's id as a string.
    theirs = {str(user_id) for user_id in user_ids}
    decoder = store_class()
    keys = [
        session.session_key
        for session in store_class.get_model_class()
        .objects.filter(expire_date__gt=timezone.now())
        .only("session_key", "session_data")
        .iterator(chunk_size=2000)
        if session.session_key != keeping
        and decoder.decode(session.session_data).get(SESSION_KEY) in theirs
    ]
    for key in keys:
        store_class(session_key=key).delete()
