"""The pair's agreements and its way out: ground rules, shared purpose, private requests
to the programme office, and each person's calendar address."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import bounds
from accounts.audit import Audited, audit_record_many
from accounts.mail import send_templated_mail
from accounts.models import AuditAction, User
from accounts.statements import Statement
from accounts.tokens import hash_token, new_token
from mentoring.models import (
    CalendarFeed,
    EndReason,
    GroundRules,
    GroundRulesAgreement,
    Match,
    PairRequest,
    PairRequestKind,
    PairRequestOutcome,
    Programme,
)
from mentoring.models.pairs import DEFAULT_GROUND_RULES
from mentoring.selectors.pairs import not_writing_purpose_said
from mentoring.services.applications import office_recipients
from mentoring.services.matches import matches_end


class PairError(Exception):
    """Why something could not be done for the pair, in words for the person."""


class PurposeChanged(PairError):
    """The shared purpose was saved by the partner since the person's form was built."""

    def __init__(self):
        super().__init__(
            "Your partner changed the shared purpose while you were editing it, so yours was "
            "not saved. Their version is shown above your text: merge the two, then save."
        )


class GroundRulesAlreadyPublished(PairError):
    """The text confirmed is the latest version already: a second "Yes" (a double click, or
    the back button), which publishes nothing more."""

    def __init__(self, rules: GroundRules):
        self.rules = rules
        super().__init__(f"Version {rules.version} was already published; nothing more done.")


class GroundRulesChanged(PairError):
    """The version a confirmation named is no longer the next one: `latest` was published
    since (by a colleague, or in another tab), or the page never named the next one."""

    def __init__(self, message: str, latest: GroundRules | None):
        self.latest = latest
        super().__init__(message)


def ground_rules_publish(
    *, programme: Programme, text: str, by: User | None, shown: int | None = None
) -> GroundRules:
    """A new version of the programme's rules. Pairs are asked to agree to it again.
    With `shown`, the version a confirmation named: published only as that version, so that
    a second "Yes" publishes nothing more and a "Yes" after a colleague published never
    puts a version nobody was shown on top of theirs."""
    text = text.strip()
    with transaction.atomic():
        # Two publications of a programme wait for each other here: the version checked is
        # the latest until this one is written.
        Programme.objects.select_for_update().filter(pk=programme.pk).first()
        latest = GroundRules.objects.latest_for(programme)
        if shown is not None:
            _check_shown(latest, shown, text=text, by=by)
        return GroundRules.objects.create(
            programme=programme,
            version=(latest.version if latest else 0) + 1,
            text=text,
            created_by=by,
        )


def _check_shown(latest: GroundRules | None, shown: int, *, text: str, by: User | None) -> None:
    """Refuse, in words, unless version `shown` is the next one."""
    following = (latest.version if latest else 0) + 1
    if shown == following:
        return
    if latest is not None and latest.version >= shown:
        if latest.text == text:
            raise GroundRulesAlreadyPublished(latest)
        if latest.is_the_default_agreed:
            raise GroundRulesChanged(
                "The default ground rules were recorded as version 1 meanwhile, when a pair "
                "agreed to them, so yours were not published. If yours should replace them, "
                f"publish them as version {following} below; if not, go back.",
                latest,
            )
        who = "You" if by is not None and latest.created_by_id == by.pk else "A colleague"
        raise GroundRulesChanged(
            f"{who} published version {latest.version} meanwhile, so yours was not published. "
            f"If it should replace version {latest.version}, publish it as version {following} "
            "below; if not, go back.",
            latest,
        )
    raise GroundRulesChanged(
        f"The page asked to publish version {shown}, but the next version is {following}; "
        "nothing was published. Check it below, then publish.",
        latest,
    )


def ground_rules_current(programme: Programme) -> GroundRules:
    """The newest version. A programme whose office has written none starts on the project's
    default, recorded as version 1 when it is first agreed to."""
    rules = GroundRules.objects.latest_for(programme)
    if rules is None:
        rules, _ = GroundRules.objects.get_or_create(
            programme=programme, version=1, defaults={"text": DEFAULT_GROUND_RULES}
        )
    return rules


def ground_rules_agree(*, match: Match, person: User, version: int) -> GroundRulesAgreement:
    """Agree to the version the person was shown, if it is still the current one.
    `version` 0 is the project's default, shown while the programme has no rules recorded:
    if the office publishes its first version meanwhile, that is version 1, and agreeing
    to "version 1" must not mean agreeing to a text the person never saw."""
    if not match.is_active:
        raise PairError("This pairing has ended, so there is nothing to agree.")
    with transaction.atomic():
        # The programme's row, which publishing a version locks too: the version shown is
        # checked against the one that stays the latest until the agreement is recorded.
        # Not a key lock: rows naming the programme are still written meanwhile.
        Programme.objects.select_for_update(no_key=True).filter(pk=match.programme_id).first()
        latest = GroundRules.objects.latest_for(match.programme)
        if not _was_shown(latest, version):
            raise PairError(
                "The ground rules changed while you were reading them. Read the new version, "
                "then agree."
            )
        rules = latest or ground_rules_current(match.programme)
        agreement, _ = GroundRulesAgreement.objects.get_or_create(
            match=match, person=person, rules=rules
        )
    return agreement


def _was_shown(latest: GroundRules | None, version: int) -> bool:
    if version == 0:  # the default, since recorded as version 1 by whoever agreed first
        return latest is None or (latest.version == 1 and latest.text == DEFAULT_GROUND_RULES)
    return latest is not None and latest.version == version


def _check_length(text: str, max_length: int, what: str) -> None:
    """The limit the form states, for any caller (the text is encrypted: no database check
    can hold it, accounts/bounds.py)."""
    if problem := bounds.length_problem(text, max_length, what):
        raise PairError(problem)


def purpose_stamp(match: Match) -> str:
    """Which version of the shared purpose a form was built from."""
    return match.purpose_updated_at.isoformat() if match.purpose_updated_at else ""


def pair_purpose_save(*, match: Match, person: User, purpose: str, seen: str | None = None) -> None:
    """Save the shared purpose; with `seen` (`purpose_stamp` of the version the form showed),
    only over that version: PurposeChanged when the partner saved since, so that neither
    overwrites the other unknowingly. Refused with a partner who cannot take part
    (`not_writing_purpose_said`, their account as read under the pair's lock)."""
    if not match.is_active:
        raise PairError("This pairing has ended; its record can no longer be changed.")
    _check_length(purpose, bounds.PAIR_PURPOSE, "The shared purpose")
    with transaction.atomic():
        locked = Match.objects.select_for_update().get(pk=match.pk)
        if not locked.is_active:  # ended meanwhile: ending it (a deletion) may have wiped it
            raise PairError("This pairing has ended; its record can no longer be changed.")
        if why := not_writing_purpose_said(locked.partner_of(person), locked.programme):
            raise PairError(why)
        # Their own save meanwhile (a second tab, a double click) is theirs to replace.
        changed = seen is not None and purpose_stamp(locked) != seen
        if changed and locked.purpose_updated_by_id != person.pk:
            raise PurposeChanged()
        match.purpose = purpose.strip()
        match.purpose_updated_by = person
        match.purpose_updated_at = timezone.now()
        match.save(update_fields=["purpose", "purpose_updated_by", "purpose_updated_at"])


def pair_request_raise(*, match: Match, person: User, kind: str, note: str) -> PairRequest:
    """Ask the programme office to end the pairing, or raise a concern. Only the office is
    told; the email says that there is a request, never what it says."""
    if not match.is_active:
        raise PairError("This pairing has already ended.")
    if kind not in PairRequestKind.values:
        raise PairError("Choose whether to end the pairing or to raise a concern.")
    _check_length(note, bounds.PAIR_REQUEST_NOTE, "The note for the programme office")
    try:
        with transaction.atomic():
            # Locked, as ending it locks it: a pairing the office ended meanwhile is said so,
            # not sent a request nobody would resolve.
            if not Match.objects.select_for_update().get(pk=match.pk).is_active:
                raise PairError("This pairing has already ended.")
            with transaction.atomic():
                request = PairRequest.objects.create(
                    match=match, kind=kind, raised_by=person, note=note.strip()
                )
            _tell_the_office(request.pk)
    except IntegrityError:
        raise PairError(
            "You have already sent this to the programme office; they will be in touch."
        ) from None
    return request


def _tell_the_office(request_id: int) -> None:
    request = PairRequest.objects.select_related("match__programme").get(pk=request_id)
    for office in office_recipients(request.match.programme):
        send_templated_mail(
            "mentoring/email/pair_request",
            to=office,
            context={"request": request, "coordinator": office.person},
        )


def pair_request_resolve(
    *, request: PairRequest, by: User, end_pairing: bool, reason: str = EndReason.WITHDRAWN
) -> bool:
    """The coordinator decides. Ending the pairing (for `reason`, as the report counts it)
    tells both members only that it ended. False when the request was already resolved (by
    someone else, meanwhile)."""
    resolved = pair_requests_resolve(
        requests=[request], by=by, end_pairing=end_pairing, reason=reason
    )
    return bool(resolved.closed)


@dataclass
class Resolved:
    closed: list[PairRequest]  # the requests this decision closed (open until then)
    ended: list[Match]  # the pairs it ended

    @property
    def closed_already_ended(self) -> list[PairRequest]:
        """Those closed whose pairing had ended before: nobody was emailed about them."""
        return [r for r in self.closed if r.outcome == PairRequestOutcome.CLOSED]


def pair_requests_resolve(
    *,
    requests: Sequence[PairRequest],
    by: User,
    end_pairing: bool,
    reason: str = EndReason.WITHDRAWN,
) -> Resolved:
    """`pair_request_resolve` for each of `requests`, alike and in one go: the same queries
    however many there are. Those resolved already are left as they are; one whose pairing
    had ended meanwhile is only closed, and says so (`PairRequestOutcome.CLOSED`)."""
    outcome = PairRequestOutcome.ENDED if end_pairing else PairRequestOutcome.CONTINUED
    with transaction.atomic():
        # Their pairs first, then the requests, as ending a pair takes them (`matches_end`,
        # from the pairs list, a withdrawal, a deleted account): two at once wait for each
        # other rather than deadlock, and a pair ended meanwhile is read as ended.
        asked_about = PairRequest.objects.filter(pk__in=[request.pk for request in requests])
        list(
            Match.objects.select_for_update()
            .filter(pk__in=asked_about.values("match_id"))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        closed = list(
            PairRequest.objects.open()
            .filter(pk__in=[request.pk for request in requests])
            # The pair's people too: the audit trail names each request by its pair.
            .select_related("match__mentor__applicant", "match__board_member__user")
            .select_for_update(of=("self",))
            .order_by("pk")
        )
        if not closed:
            return Resolved(closed=[], ended=[])
        now = timezone.now()
        for request in closed:
            request.resolved_at, request.resolved_by = now, by
            request.outcome = outcome if request.match.is_active else PairRequestOutcome.CLOSED
        for decided in {request.outcome for request in closed}:
            PairRequest.objects.filter(
                pk__in=[request.pk for request in closed if request.outcome == decided]
            ).update(resolved_at=now, resolved_by=by, outcome=decided)
        # The office's answer to each, in its trail (what was asked, never the note): one
        # that lets the pair go on leaves no other trace of who decided it.
        audit_record_many(
            actor=by,
            action=AuditAction.REQUEST_ANSWERED,
            changes=[
                Audited(request, {"outcome": ("", request.outcome)}, ()) for request in closed
            ],
        )
        ended = []
        if end_pairing:
            # Ending it also settles any other open request to end it (match_end).
            pairs = {request.match_id: request.match for request in closed}
            ended = matches_end(
                matches=list(pairs.values()),
                reason=reason,
                note="Ended at a member's request.",
                by=by,
                tell_both=True,
            )
    return Resolved(closed=closed, ended=ended)


def _feed_of(person: int):
    return CalendarFeed.objects.filter(person=person)[:1]


# Read on the meetings and profile pages: SQL worked out once per process (accounts.statements).
_FEED = Statement(_feed_of)


def calendar_feed_for(person: User) -> CalendarFeed:
    """The person's calendar address, made the first time it is asked for: by whichever of
    two pages asking at once comes first, the other showing the same (not replacing it)."""
    found = _FEED.fetch(person=person.pk)
    if found:
        return found[0]
    token, token_hash = new_token()
    feed, _ = CalendarFeed.objects.get_or_create(
        person=person,
        defaults={"token": token, "token_hash": token_hash, "created_at": timezone.now()},
    )
    return feed


def calendar_feed_regenerate(*, person: User) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    token, token_hash = new_token()
    feed, _ = CalendarFeed.objects.update_or_create(
        person=person,
        defaults={"token": token, "token_hash": token_hash, "created_at": timezone.now()},
    )
    return feed


def calendar_feed_owner(token: str) -> User | None:
    """Whose calendar the secret address is: None for an unknown or replaced one, and for a
    person who may not sign in (switched off, or a demo account under production settings,
    `User.may_sign_in`), so that the address of an account nobody may use answers as an
    unknown one does."""
    feed = (
        CalendarFeed.objects.select_related("person")
        .filter(token_hash=hash_token(token), person__is_active=True)
        .first()
    )
    return feed.person if feed and feed.person.may_sign_in else None
