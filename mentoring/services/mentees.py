from collections.abc import Iterable
from typing import NamedTuple

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.template.defaultfilters import pluralize
from django.utils import timezone

from accounts.audit import audit_record
from accounts.mail import send_templated_mail, with_zone
from accounts.models import AuditAction, Invitation, User
from accounts.services import (
    InvitationChanged,
    Refused,
    address_lock,
    created_unless,
    invitation_create,
    invitation_revoke,
)
from accounts.stale_edits import columns_stamp, columns_stamped, stale_said
from config.templating import and_list
from mentoring.approval import mailbox, mailbox_in_sql
from mentoring.models import Board, BoardMember, MentorApplication, Programme, Theme
from mentoring.models.mentees import (
    NAMES_NO_THEME,
    PROFILE_FIELDS,
    needs_a_theme,
    profile_is_complete,
    themes_needed,
)
from mentoring.selectors.mailboxes import accounts_at_mailbox


class BoardMemberError(Exception):
    """Why a board member could not be invited, in words for the coordinator."""


# Who may have saved a profile meanwhile: its board member, or the office on its own page.
PROFILE_CHANGED_BY = "in another tab or window, or by the programme office"


class ProfileChanged(Exception):
    """The profile was saved (in another tab, or by the office) since the page saving it was
    opened: nothing is saved, rather than putting back what that page showed. `stampless`:
    the page did not say which version it showed."""

    def __init__(self, *, stampless: bool = False):
        super().__init__("The profile was saved since the page saving it was opened.")
        self.stampless = stampless

    def said(self, *, reopen: str) -> str:
        """What the refused page says, linking to `reopen` (its own address) to open the
        saved version (`accounts.stale_edits.stale_said`)."""
        return stale_said(
            "your profile", reopen=reopen, by=PROFILE_CHANGED_BY, stampless=self.stampless
        )


# A profile's answers, as its page edits them: its themes are the rest (`profile_stamp`).
PROFILE_ANSWERS = [name for name in PROFILE_FIELDS if name != "themes"]
# What a profile's stamp names: the answers' columns, and its themes (no column of its own).
PROFILE_STAMPED = [BoardMember._meta.get_field(name).attname for name in PROFILE_ANSWERS]
THEMES = "themes"


def profile_stamp(member: BoardMember, theme_ids: Iterable[int]) -> str:
    """Which version of `member`'s profile a page was opened with: its answers' columns and
    the ids of its themes, named as the office's pages name theirs
    (`accounts.stale_edits.columns_stamp`)."""
    return _stamp_of(member, [*PROFILE_STAMPED, THEMES], list(theme_ids))


def _stamp_of(member: BoardMember, names: list[str], theme_ids: list[int]) -> str:
    return columns_stamp(
        names, [theme_ids if name == THEMES else getattr(member, name) for name in names]
    )


def why_no_board_member_joins(programme: Programme) -> str | None:
    """Why nobody joins `programme` as a board member now, if nobody does: one rule for
    adding one ("Add"), for sending a place a new invitation link (from Board members or
    Invitations) and for a link followed or an address confirmed (`board_members_join`,
    through `BoardMember.objects.waiting_to_join`, its query)."""
    if programme.has_ended:
        # Its pages would only say it "ended before you were paired": nothing to join.
        return f"{programme} has ended, so nobody joins it any more."
    return None


def board_member_invite_problem(
    *, programme: Programme, email: str, accounts: list[User] | None = None
) -> str | None:
    """Why this address cannot be added to the programme as a board member, if it cannot.
    `accounts`: those the address may be (`accounts_at_mailbox`), where the caller has read
    them already (`board_member_invite`, locking them); read here otherwise (the "Add" form,
    before anything is locked)."""
    closed = why_no_board_member_joins(programme)
    if closed:
        return closed
    # Each account the address may be (its own, or one whose own mailbox it reaches: a `+`
    # alias, an address added to it and confirmed).
    if accounts is None:
        accounts = list(accounts_at_mailbox(email).order_by("pk"))
    ids = [each.pk for each in accounts]
    # Its place here, any place one of those accounts holds here (invited at another
    # address of theirs), and any place here invited at an address of the same mailbox (a
    # `+` alias, waiting to be joined): one query for all.
    places = list(
        BoardMember.objects.alias(box=mailbox_in_sql("email"))
        .filter(
            Q(email__iexact=email) | Q(user__in=ids) | Q(box=box),
            programme=programme,
        )
        .order_by("pk")
        if (box := mailbox(email))
        else BoardMember.objects.filter(email__iexact=email, programme=programme)
    )
    member = next((place for place in places if place.email.lower() == email.lower()), None)
    held = next((place for place in places if place is not member), None)
    if member is not None and member.user_id is None:
        return _invited_not_joined(member)
    if member is not None:
        return "This person is already a board member in this programme."
    # Of those accounts, any applying here: not every applicant of the programme, read on
    # each "Add".
    applying = set(
        MentorApplication.objects.in_programme()
        .filter(programme=programme, applicant__in=ids)
        .values_list("applicant", flat=True)
    )
    applicant = next((each for each in accounts if each.pk in applying), None)
    if applicant is not None:
        return (
            f"{email} is {applicant}'s own mailbox (the address they sign in with, "
            "one they added to their account and confirmed, or a + alias of either), and they "
            f"have applied to be a mentor in {programme}: nobody can be both mentor and board "
            "member in one programme."
        )
    office = next((each for each in accounts if each.is_coordinator), None)
    if office is not None:
        # As a coordinator cannot apply, nor someone taking part join the office
        # (accounts.services.why_not_coordinator): the office reads what pair members tell
        # it in confidence.
        whose = "" if office.email.lower() == email.lower() else f" reaches {office}'s mailbox and"
        return (
            f"{email}{whose} is in the programme office, which reads what pair members tell "
            "it in confidence: nobody in the office takes part in a programme."
        )
    # The account signing in with the address itself, among them.
    account = next((each for each in accounts if each.email.lower() == email.lower()), None)
    if account is not None and not account.is_active:
        return (
            f"The account of {email} is switched off: they could not sign in, nor be emailed. "
            "Switch it on in the people list first."
        )
    if held is not None:
        # One place each programme (`board_member_one_per_user_per_programme`): added at
        # once to the account signing in with the address, or invited at an address that
        # reaches the mailbox of someone on the board here already, who could not take it.
        holder = next((each for each in accounts if each.pk == held.user_id), None)
        if holder is None:
            # Invited at an address of the same mailbox (a `+` alias), whoever holds it.
            waiting = " and has not joined yet" if held.user_id is None else ""
            return (
                f"{email} reaches the mailbox of {held.email}, which was invited to "
                f"{programme}{waiting}: one place each person. To send a new link, tick them "
                "in the list of board members and choose “Send a new invitation to those who "
                "have not joined”."
                if waiting
                else f"{email} reaches the mailbox of {held.email}, which has a place in "
                f"{programme} already: one place each person."
            )
        whose = (
            f"is the address {holder} signs in with"
            if holder.email.lower() == email.lower()
            else f"reaches {holder}'s own mailbox (a + alias, or an address they confirmed)"
        )
        return (
            f"{email} {whose}, and they are a board member in {programme} already (invited "
            f"at {held.email})."
        )
    return None


WHEN = "j F Y, H:i"


def _invited_not_joined(member: BoardMember) -> str:
    """Where an invitation still waiting stands, and how to send a new link: adding the
    address again would only say it is taken."""
    link = (
        Invitation.objects.filter(
            email__iexact=member.email, accepted_at__isnull=True, revoked_at__isnull=True
        )
        .order_by("-created_at")
        .first()
    )
    if link is None:
        state = "Their invitation link no longer works."
    elif link.is_expired:
        state = f"Their invitation link expired on {with_zone(link.expires_at, WHEN)}."
    else:
        state = f"Their invitation link works until {with_zone(link.expires_at, WHEN)}."
    return (
        f"{member.email} was invited to {member.programme} on "
        f"{with_zone(member.invited_at, WHEN)} "
        f"and has not joined yet. {state} To send them a new link, tick them in the list of "
        "board members and choose “Send a new invitation to those who have not joined”."
    )


def board_member_invite(
    *,
    programme: Programme,
    email: str,
    invited_by: User,
    board: Board | None = None,
    role_title: str = "",
) -> BoardMember:
    """Add a board member to a programme. Someone without an account gets an invitation;
    someone with one is added at once and told so.

    Locks, in this order, before anything is checked: the address (`address_lock`), then
    each account the address may be (`accounts_at_mailbox`: its own, or one whose own
    mailbox it reaches, a `+` alias or a second account), in the order of their ids. Sending
    an application (`application_submit`) and making someone a coordinator
    (accounts.services.coordinator_grant_many) lock the person's row before they check, and
    take no address lock after it: so each waits for the other, and the second finds what
    the first did, instead of a mentor applicant and a board member of one programme, or a
    coordinator on a board, both committed."""
    email = User.objects.normalize_email(email).lower()
    with transaction.atomic():
        # The same "Yes" clicked twice, or the address invited to two programmes at once: the
        # second waits for the first, then finds its place and link below.
        address_lock(email)
        accounts = _people_at_address_lock(email)
        problem = board_member_invite_problem(programme=programme, email=email, accounts=accounts)
        if problem:
            raise BoardMemberError(problem)
        user = User.objects.filter(email__iexact=email).first()
        now = timezone.now()
        member = created_unless(
            BoardMember,
            refused_by="board_member_one_per_email_per_programme",
            programme=programme,
            email=email,
            user=user,
            invited_at=now,
            joined_at=now if user is not None else None,
            board=board,
            role_title=role_title,
        )
        if member is None:
            problem = board_member_invite_problem(
                programme=programme, email=email, accounts=accounts
            )
            raise BoardMemberError(
                problem or "This person is already a board member in this programme."
            )
        if user is None:
            try:
                _invite(member, invited_by)
            except InvitationChanged as error:
                raise BoardMemberError(
                    f"{error} So {email} was not added to {programme}: add them again to "
                    "invite them to it as well."
                ) from None
        else:
            # Added at once, with no invitation to record it: the trail names the place, as
            # it names one removed.
            audit_record(
                actor=invited_by,
                action=AuditAction.ADDED,
                obj=member,
                values={"programme": (None, programme), "joined_at": (None, now)},
            )
            _send_added(member)
    return member


def _people_at_address_lock(email: str) -> list[User]:
    """Lock the rows of the accounts `email` may be (`accounts_at_mailbox`), in the order of
    their ids, as two of these at once take some of the same people. Answers them, as read
    once locked, for `board_member_invite_problem` to check without reading them again."""
    return list(accounts_at_mailbox(email).select_for_update(no_key=True).order_by("pk"))


def board_member_invitation_resend(
    *, member: BoardMember, invited_by: User, seen: str | None = None
) -> bool:
    """Send a new invitation link to a board member who has not joined yet. False if they
    have. `seen` is their link as the office's page showed it (`invitation_links_shown`): if
    it changed since (the same button pressed twice), nothing is sent and
    accounts.services.InvitationChanged says so. BoardMemberError, nothing sent, when their
    programme takes no board member any more (`why_no_board_member_joins`: closed since the
    page was shown)."""
    with transaction.atomic():
        # The address, then their row, locked, so that two sends at once go one at a time.
        address_lock(member.email)
        locked = (
            BoardMember.objects.select_for_update(of=("self",))
            .select_related("programme")
            .get(pk=member.pk)
        )
        if locked.user_id is not None:
            return False
        closed = why_no_board_member_joins(locked.programme)
        if closed:
            raise BoardMemberError(f"{closed} No new link was sent to {locked.email}.")
        _invite(member, invited_by, seen=seen)
    return True


def _invite(member: BoardMember, invited_by: User, seen: str | None = None) -> None:
    # The email names the programme and the office to ask, since the invitee has never heard
    # of either; accounts keeps them on the invitation so that a new link says the same. The
    # role the office typed is the profile's (role_title), offered there when they join.
    invitation_create(
        email=member.email,
        invited_by=invited_by,
        invited_to=_invited_to(member),
        office_email=member.programme.office_email,
        seen=seen,
    )


def _invited_to(member: BoardMember) -> str:
    """Every programme whose board member's place waits for `member`'s address, since the
    link (one open per address) joins them all (`board_members_join`): "2026/27 pilot and
    2027/28 cohort as a board member". A list too long for the invitation's field names the
    first and counts the others."""
    return places_waiting_said(member.email, also=member.programme.name)


def places_waiting_said(email: str, also: str = "") -> str:
    """`_invited_to` for an address: "" when no place waits for it (and no `also`)."""
    return places_waiting_for([email], also=also)[email.lower()]


def places_waiting_for(emails, also: str = "") -> dict[str, str]:
    """`places_waiting_said` for each address (lower-cased), in one query: what a new link
    from the office's list of invitations invites each to (accounts'
    `register_invited_to`)."""
    names = {email.lower(): [] for email in emails}
    waiting = (
        BoardMember.objects.waiting_to_join()
        .alias(address=Lower("email"))
        .filter(address__in=names)
        .order_by("programme__starts_on", "programme_id")
        .values_list("email", "programme__name")
    )
    for email, name in waiting:
        names[email.lower()].append(name)
    return {email: _said(programmes, also) for email, programmes in names.items()}


def why_nothing_waits_for(emails) -> dict[str, str]:
    """Why no place waits for each address any more, by address lower-cased: its places'
    programmes take no board member (`why_no_board_member_joins`), or "" when no place is
    left for it (removed). For those `places_waiting_for` finds nothing for: what a new link
    from the office's list of invitations, or a link followed, is refused with (accounts'
    `register_invited_to`). One query."""
    reasons: dict[str, list[str]] = {email.lower(): [] for email in emails}
    places = (
        BoardMember.objects.alias(address=Lower("email"))
        .filter(address__in=reasons, user__isnull=True)
        .select_related("programme")
        .order_by("programme__starts_on", "programme_id")
    )
    for place in places:
        why = why_no_board_member_joins(place.programme)
        said = reasons[place.email.lower()]
        if why and why not in said:
            said.append(why)
    return {email: " ".join(said) for email, said in reasons.items()}


def _said(names: list[str], also: str) -> str:
    if also and also not in names:
        names = [*names, also]
    if not names:
        return ""
    said = f"{and_list(names)} as a board member"
    if len(said) > Invitation._meta.get_field("invited_to").max_length:
        others = len(names) - 1
        said = f"{names[0]} and {others} other programme{pluralize(others)} as a board member"
    return said


def _send_added(member: BoardMember) -> None:
    send_templated_mail(
        "mentoring/email/board_member_added",
        to=member.email,
        # Theirs: an account closed before it goes is not emailed (check_recipient).
        recipient=member.user,
        context={"member": member, "programme": member.programme},
    )


class Joined(NamedTuple):
    """What following an invitation, or confirming an address, did: how many places the
    account joined, and why it took none of the others waiting for it (None when no place
    was refused)."""

    count: int
    refused: str | None


def board_members_join(*, user: User) -> Joined:
    """Link the board-member places waiting for this verified address to its account: they
    join now. A place in a programme that takes no board member any more (closed,
    `why_no_board_member_joins`) is left as it is: nobody joins a programme that has
    ended. Nor does a place the account may not take (`_places_refused`), said why."""
    places = BoardMember.objects.waiting_to_join().filter(email__iexact=user.email)
    refused, why = _places_refused(user, list(places.select_related("programme")))
    return Joined(places.exclude(pk__in=refused).update(user=user, joined_at=timezone.now()), why)


def board_places_refused(user: User) -> Refused | None:
    """Why the account may not take some or all of the board-member places waiting for its
    address (`_places_refused`), said on the invitation's page before it is accepted; None
    when it may take every one, or none waits."""
    places = list(
        BoardMember.objects.waiting_to_join()
        .filter(email__iexact=user.email)
        .select_related("programme")
    )
    refused, why = _places_refused(user, places)
    return Refused(why, every=len(refused) == len(places)) if why else None


def _places_refused(user: User, places: list[BoardMember]) -> tuple[list[int], str | None]:
    """Of `places` (with their programmes), those the account may not take, and why: every
    one for someone in the programme office; one in a programme where they hold a place
    already (joined at another address), or applied to as a mentor. What
    `board_member_invite_problem` asks of an address when the place is offered, asked of the
    account that joins: an address added to it since (one its mailbox rule could not know
    of) reaches it too. Two queries at most."""
    if not places:
        return [], None
    if user.is_coordinator:
        return [place.pk for place in places], (
            "You are in the programme office, which reads what pair members tell it in "
            "confidence: nobody in the office takes part in a programme, so this invitation "
            "does not make you a board member. Please write to the programme office."
        )
    programmes = [place.programme_id for place in places]
    # A place of theirs already (joined with another address): one each programme, a
    # database constraint (`board_member_one_per_user_per_programme`).
    seated = set(
        BoardMember.objects.filter(user=user, programme__in=programmes).values_list(
            "programme", flat=True
        )
    )
    applied = set(
        MentorApplication.objects.in_programme()
        .filter(applicant=user, programme__in=programmes)
        .values_list("programme", flat=True)
    )
    said = []
    if in_seated := [place for place in places if place.programme_id in seated]:
        names = and_list([str(place.programme) for place in in_seated])
        said.append(
            f"You are a board member in {names} already, so this invitation does not give you "
            "a second place there."
        )
    if in_applied := [place for place in places if place.programme_id in applied - seated]:
        names = and_list([str(place.programme) for place in in_applied])
        said.append(
            f"You have applied to be a mentor in {names}: nobody can be both mentor and board "
            "member in one programme, so this invitation does not make you a board member "
            "there."
        )
    if not said:
        return [], None
    return [place.pk for place in in_seated + in_applied], " ".join(
        [*said, "Please write to the programme office."]
    )


def profiles_without_a_theme_reopened(programme_id: int) -> int:
    """Once the programme's matching needs a theme of each board member (`themes_needed`:
    shared themes weighed Mandatory), a profile completed without one is complete no more
    (`profile_is_complete`, in SQL `NAMES_NO_THEME`):
    no pair could be made from it, yet it was promised a match. Its board member is asked
    for a theme on their dashboard and profile, and the board lists them as waiting for a
    complete profile. Only those still to be matched (`still_to_be_matched`): one in a pair,
    or whose pairing ran its course, needs no theme. How many, in one query."""
    if not themes_needed(programme_id):
        return 0
    return (
        BoardMember.objects.still_to_be_matched()
        .filter(NAMES_NO_THEME, programme_id=programme_id, profile_completed_at__isnull=False)
        .update(profile_completed_at=None)
    )


def board_member_profile_save(
    *, member: BoardMember, answers: dict, themes: Iterable[Theme], seen: str | None = None
) -> BoardMember:
    """Save the profile and whether it is complete (`profile_is_complete`: its answers, as a
    database check holds a completed profile to them, and a theme when the programme needs
    one), whoever saves it: the board member on their page, or the office on its own. The
    place is locked and only the answers written: what changed on it meanwhile stays.
    BoardMemberError when its person deleted their account meanwhile (their answers went
    with it and do not come back). With `seen` (`profile_stamp` of the profile the page
    showed), only over that version: ProfileChanged when it was saved since (a second tab),
    an empty or made-up stamp alike."""
    themes = list(themes)  # read once: for the rule, then saved
    # As read with `member` where its page read it (no query), else asked.
    theme_needed = needs_a_theme(member)
    with transaction.atomic():
        locked = (
            BoardMember.objects.select_for_update(of=("self",))
            .select_related("user")
            .get(pk=member.pk)
        )
        if locked.user is not None and locked.user.is_deleted:
            raise BoardMemberError("This account has been deleted, so its profile is gone.")
        if seen is not None:
            # Its themes as they are: a save of them locked the place first, as this does.
            chosen = BoardMember.themes.through.objects.filter(
                boardmember_id=member.pk, theme__programme_id=locked.programme_id
            )
            # Read back as the office's pages read theirs: what the stamp names, as it is now.
            names = columns_stamped(BoardMember, seen, besides=(THEMES,))
            theme_ids = list(chosen.values_list("theme_id", flat=True))
            if names is None or _stamp_of(locked, names, theme_ids) != seen:
                raise ProfileChanged(stampless=not seen)
        for name, value in answers.items():
            setattr(locked, name, value)
            setattr(member, name, value)
        if not profile_is_complete(locked, themes, theme_needed=theme_needed):
            locked.profile_completed_at = None
        elif locked.profile_completed_at is None:
            locked.profile_completed_at = timezone.now()
        member.profile_completed_at = locked.profile_completed_at
        locked.save(update_fields=[*answers, "profile_completed_at"])
        member.themes.set(themes)  # through `member`, whose themes the page shows next
    return member


def board_member_remove(*, member: BoardMember, by: User) -> bool:
    """Take out of its programme a board member who never joined (an address added by
    mistake, or someone who will not take part): the row goes, with the office's invitation
    links to the address, unless it still waits to join another programme. Nobody is
    emailed. False when they joined or were proposed a pair meanwhile: then they stay."""
    with transaction.atomic():
        address_lock(member.email)
        locked = BoardMember.objects.select_for_update().filter(pk=member.pk).first()
        if locked is None or not locked.is_removable:
            return False
        waiting_elsewhere = (
            BoardMember.objects.waiting_to_join()
            .filter(email__iexact=locked.email)
            .exclude(pk=locked.pk)
            .exists()
        )
        if not waiting_elsewhere:
            for invitation in Invitation.objects.pending().filter(email__iexact=locked.email):
                invitation_revoke(invitation=invitation, by=by)
        audit_record(actor=by, action=AuditAction.DELETED, obj=locked)
        locked.delete()
        if waiting_elsewhere:
            # The link stays for the places still waiting, and names only those now.
            Invitation.objects.pending().filter(email__iexact=locked.email).update(
                invited_to=places_waiting_said(locked.email)
            )
    return True
