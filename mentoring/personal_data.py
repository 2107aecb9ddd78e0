"""Mentoring's part of a person's data (accounts.personal_data): their applications, board
member profiles, pairs with their meetings, notes and action steps, event places and the
reminders they were sent; and, when the account is deleted, what is kept anonymised for the
programme's statistics and what is removed.

The pairs are those `Match.objects.visible_to` returns, the rule every pair page uses
(mentoring.access.pair_for_user): a pair's notes reach its two members and nobody else.
"""

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.mail import send_templated_mail
from accounts.models import User
from accounts.outbox import OfficeRecipient, can_be_emailed, not_told_said
from accounts.personal_data import (
    DELETED_NAME,
    REMOVED,
    KnownAs,
    Reader,
    addressed_to,
    anonymised_email,
    names_take_out,
)
from mentoring.availability import describe
from mentoring.eligibility import MIN_STATEMENT_LENGTH
from mentoring.models import (
    ActionReview,
    ActionStep,
    ApplicationStatus,
    BoardMember,
    BriefingExemption,
    CalendarFeed,
    CohortMessage,
    EndReason,
    Event,
    GroundRulesAgreement,
    LineManagerRequest,
    Match,
    MatchStatus,
    Meeting,
    MeetingNote,
    MentorApplication,
    PairRequest,
    Programme,
    Registration,
    Reminder,
)
from mentoring.models.applications import ANSWER_FIELDS, LineManagerDecision
from mentoring.models.matches import partner_name, partner_told_of_deletion
from mentoring.services.applications import (
    line_manager_emails_call_off,
    office_emails_call_off,
    office_recipients,
)
from mentoring.services.matches import pair_left, proposals_withdraw, sides_lock

# A sent application that said "yes, I have experiences to share" must keep a statement of
# at least this length (application_sent_is_complete): the placeholder is padded to it.
REMOVED_STATEMENT = REMOVED.ljust(MIN_STATEMENT_LENGTH, ".")


def _themes(obj) -> list[str]:
    return [theme.name for theme in obj.themes.all()]


def _application(application: MentorApplication) -> dict[str, Any]:
    try:
        line_manager = application.line_manager_request
    except LineManagerRequest.DoesNotExist:
        line_manager = None
    return {
        "programme": application.programme.name,
        "status": application.get_status_display(),
        "started": application.created_at,
        "submitted": application.submitted_at,
        "decided": application.decided_at,
        "withdrawn": application.withdrawn_at,
        "eligible": application.eligible,
        # Every answer as stored, those with choices as the applicant saw them.
        "answers": {field: getattr(application, field) for field in ANSWER_FIELDS}
        | {
            "grade": str(application.grade) if application.grade_id else "",
            "learning_style": application.get_learning_style_display(),
            "interaction_approach": application.get_interaction_approach_display(),
            "availability": describe(application.availability),
            "themes": _themes(application),
        },
        "line_manager": (
            {
                "asked": line_manager.sent_at,
                "answer": application.line_manager_status,
                "answered": line_manager.answered_at,
            }
            if line_manager
            else None
        ),
    }


def _board_member(member: BoardMember) -> dict[str, Any]:
    return {
        "programme": member.programme.name,
        "invited_as": member.email,
        "invited": member.invited_at,
        "joined": member.joined_at,
        "profile_completed": member.profile_completed_at,
        "board": str(member.board) if member.board_id else "",
        "role": member.role_title,
        "department": member.department,
        "what_you_want_to_learn": member.learning_goals,
        "themes": _themes(member),
        "learning_style": member.get_learning_style_display(),
        "interaction_approach": member.get_interaction_approach_display(),
        "availability": describe(member.availability),
        "bio": member.bio,
    }


def _pair(match: Match, user: User) -> dict[str, Any]:
    partner = match.partner_of(user)

    def who(person_id) -> str:
        if person_id is None:
            return ""
        return "you" if person_id == user.pk else partner_name(partner)

    actions_by_meeting: dict[int, list] = {}
    for action in match.action_steps.all():
        actions_by_meeting.setdefault(action.meeting_id, []).append(action)
    return {
        "programme": match.programme.name,
        "you_were": "mentor" if match.side_of(user) == "mentor" else "board member",
        "partner": partner_name(partner),
        "status": match.get_status_display(),
        "paired": match.activated_at,
        "ended": match.ended_at,
        # As its email and pages tell it: completed, or only that it ended (DESIGN: the other
        # member learns only that; why is the office's and the asker's).
        "end_reason": (
            match.get_end_reason_display()
            if match.end_reason == EndReason.COMPLETED
            else "Ended"
            if match.end_reason
            else ""
        ),
        "notes_deleted": match.notes_deleted_at,
        "notes_to_be_deleted": match.notes_delete_after,
        "shared_purpose": match.purpose,
        "ground_rules_agreed": [
            {
                "by": who(agreement.person_id),
                "version": agreement.rules.version,
                "agreed": agreement.agreed_at,
            }
            for agreement in match.agreements.all()
        ],
        "meetings": [
            {
                "starts": meeting.starts_at,
                "minutes": meeting.minutes,
                "status": meeting.status_label,
                "place": meeting.location,
                "online_link": meeting.online_url,
                "proposed_by": who(meeting.proposed_by_id),
                # A booking moved, its new time not accepted (or then called off): the time
                # it was booked for, as its page says, and who moved it (whose booking
                # calling it off cancels).
                "moved_from": meeting.moved_from,
                "moved_by": who(meeting.moved_by_id),
                "cancelled_by": who(meeting.cancelled_by_id),
                "reason_for_change": meeting.reason_shown(match),
                "lasted_minutes": meeting.actual_minutes,
                # Who logged it and who last changed the log, as the meeting's page says.
                "logged_by": who(meeting.logged_by_id),
                "logged": meeting.logged_at,
                "log_last_changed_by": who(meeting.last_changed_by_id),
                "log_last_changed": meeting.last_changed_at,
                "themes": _themes(meeting),
                "notes": [
                    {"by": who(note.author_id), "text": note.text, "updated": note.updated_at}
                    for note in meeting.notes.all()
                ],
                "action_steps": [
                    {
                        "what": action.text,
                        "owner": action.get_owner_display(),
                        "due": action.due_on,
                        "what_it_will_take": action.needs,
                        "status": action.get_status_display(),
                        "reviews": [
                            {
                                "status": review.get_status_display(),
                                "note": review.note,
                                "by": who(review.reviewed_by_id),
                                "reviewed": review.reviewed_at,
                            }
                            for review in action.reviews.all()
                        ],
                    }
                    for action in actions_by_meeting.get(meeting.pk, [])
                ],
            }
            for meeting in match.meetings.all()
        ],
    }


def export(user: User, *, known: KnownAs) -> dict[str, Any]:
    """A fixed number of queries (seventeen at most), whatever the person did. The reminders
    are those `erase` counts theirs (`addressed_to`): a line manager's go to their address,
    with no account, whether or not they have one."""
    applications = (
        MentorApplication.objects.filter(applicant=user)
        .select_related("programme", "grade", "line_manager_request__message")
        .prefetch_related("themes")
        .order_by("created_at")
    )
    memberships = (
        BoardMember.objects.for_user(user)
        .select_related("programme", "board")
        .prefetch_related("themes")
        .order_by("invited_at")
    )
    pairs = (
        Match.objects.visible_to(user)
        .select_related("programme", "mentor__applicant", "board_member__user")
        .prefetch_related(
            Prefetch(
                "meetings",
                queryset=Meeting.objects.order_by("starts_at").prefetch_related(
                    "themes", Prefetch("notes", queryset=MeetingNote.objects.order_by("pk"))
                ),
            ),
            Prefetch(
                "action_steps",
                queryset=ActionStep.objects.order_by("created_at", "pk").prefetch_related(
                    Prefetch("reviews", queryset=ActionReview.objects.order_by("reviewed_at"))
                ),
            ),
            Prefetch("agreements", queryset=_agreements()),
        )
        .order_by("activated_at")
    )
    return {
        "mentor_applications": [_application(application) for application in applications],
        "board_member_profiles": [_board_member(member) for member in memberships],
        "pairs": [_pair(match, user) for match in pairs],
        "requests_to_the_programme_office": [
            {
                "programme": request.match.programme.name,
                "kind": request.get_kind_display(),
                "note": request.note,
                "sent": request.created_at,
                "outcome": request.get_outcome_display(),
                "resolved": request.resolved_at,
            }
            for request in PairRequest.objects.filter(raised_by=user)
            .select_related("match__programme")
            .order_by("created_at")
        ],
        "events": [
            {
                "event": registration.event.title,
                "programme": registration.event.programme.name,
                "starts": registration.event.starts_at,
                "status": registration.get_status_display(),
                "place_taken": registration.created_at,
                # When the programme office called it off, if it did (the place stays as held).
                "called_off": registration.event.called_off_at,
            }
            for registration in Registration.objects.filter(person=user)
            .select_related("event__programme")
            .order_by("event__starts_at")
        ],
        "briefing_exemptions": [
            {"programme": exemption.programme.name, "recorded": exemption.recorded_at}
            for exemption in BriefingExemption.objects.filter(person=user).select_related(
                "programme"
            )
        ],
        # Asked, as someone's line manager, to agree to their taking part: what they answered,
        # in their own words (the requests sent to an address of theirs while it was theirs,
        # as deleting the account counts them).
        "asked_as_a_line_manager": [
            {
                "applicant": request.application.applicant.full_name,
                "programme": request.application.programme.name,
                "asked": request.sent_at,
                "answer": request.get_decision_display(),
                "reason": request.reason,
                "answered": request.answered_at,
            }
            for request in LineManagerRequest.objects.filter(known.written_to("email", "sent_at"))
            .select_related("application__applicant", "application__programme")
            .order_by("sent_at", "pk")
        ],
        "reminders_sent_to_you": [
            {"kind": reminder.kind, "for_the_day": reminder.due_on, "written": reminder.created_at}
            for reminder in Reminder.objects.filter(addressed_to(user, known)).order_by(
                "created_at", "pk"
            )
        ],
        "calendar_address": [
            # That it exists: the secret address itself is on /meetings/, not in a file.
            {"made": feed.created_at}
            for feed in CalendarFeed.objects.filter(person=user).only("created_at")
        ],
    }


def _agreements():
    return GroundRulesAgreement.objects.select_related("rules").order_by("agreed_at")


# Deleting an account.


def consequences(readers: list[Reader]) -> dict[int, list[str]]:
    """What deleting each reader.person's account ends or gives up here, by the person's id,
    worded for the reader (accounts.personal_data.Reader): their pairs, applications under
    way, places ahead. Three queries, however many people."""
    readers_of = {reader.person.pk: reader for reader in readers}
    sentences: dict[int, list[str]] = {pk: [] for pk in readers_of}
    for match in (
        Match.objects.active()
        .with_any_member(list(readers_of))
        .select_related("programme", "mentor__applicant", "board_member__user")
    ):
        for person in _members_among(match, readers_of):
            partner = match.partner_of(person)
            told = not_told_said([partner], done=False) or (
                f"{partner.get_short_name()} is {partner_told_of_deletion()}"
            )
            sentences[person.pk].append(
                f"{readers_of[person.pk].whose} pairing with {partner.full_name} in "
                f"{match.programme.name} ends and its upcoming meetings are cancelled. "
                f"{told}; the programme office knows the account was deleted, so that they "
                "can find them a new partner."
            )
    for application in MentorApplication.objects.filter(
        applicant__in=list(readers_of),
        status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED],
    ).select_related("programme"):
        sentences[application.applicant_id].append(
            f"{readers_of[application.applicant_id].whose} application to "
            f"{application.programme.name} is withdrawn."
        )
    for registration in _places_ahead(list(readers_of)).select_related("event"):
        sentences[registration.person_id].append(
            f"{readers_of[registration.person_id].whose} place at {registration.event} is "
            "given up for someone else."
        )
    return sentences


def _members_among(match: Match, people) -> list[User]:
    """Those of the pair's two people who are among `people` (ids, or a mapping by id)."""
    return [
        person
        for person in (match.mentor.applicant, match.board_member.user)
        if person is not None and person.pk in people
    ]


def _places_ahead(people):
    """The places the people (or their ids) hold at events still to come."""
    return Registration.objects.filter(person__in=people).held_ahead().order_by("event__starts_at")


def removes(user: User) -> list[str]:
    """What of theirs deleting the account removes here: what they wrote in a pair, and in
    their applications and profiles. Nothing for someone who took no part (a coordinator).
    One query."""
    person = OuterRef("pk")
    took_part = (
        User.objects.filter(pk=user.pk)
        .values(
            paired=Exists(Match.objects.visible_to(OuterRef(person))),
            applied=Exists(MentorApplication.objects.filter(applicant=person)),
            member=Exists(BoardMember.objects.filter(user=person)),
        )
        .get()
    )
    phrases = []
    if took_part["paired"]:
        phrases.append(
            "the meeting notes you wrote, the action steps you recorded and your notes on them, "
            "your reasons for moving or cancelling meetings, your pairs' shared purpose and "
            "your requests to the programme office"
        )
    if took_part["applied"] or took_part["member"]:
        phrases.append("what you wrote in your applications and profiles")
    return phrases


def lock(user: User, *, known: KnownAs) -> None:
    """Every application and board place `erase` changes, locked before anything else, in
    the order confirming a pair takes them (`sides_lock`), then the person's pairs still
    going: deleting an account while a proposal of theirs is confirmed, or one of a mentor
    who names them as line manager, waits for it instead of deadlocking (each would hold
    one side the other wants), and whom `emailed` names (the partners of pairs still going)
    stays so until the deletion commits, though the office ends a pair meanwhile."""
    changed = Q(applicant=user) | Q(pk__in=_naming_them_line_manager(known))
    sides_lock(
        mentor_ids=MentorApplication.objects.filter(changed).values_list("pk", flat=True),
        member_ids=BoardMember.objects.filter(
            Q(user=user) | Q(pk__in=_places_offered(known))
        ).values_list("pk", flat=True),
    )
    list(
        Match.objects.with_member(user)
        .filter(status=MatchStatus.ACTIVE)
        .select_for_update(of=("self",))
        .order_by("pk")
        .values("pk")
    )


def erase(user: User, *, by: User, known: KnownAs) -> None:
    """Runs inside account_delete's transaction, after `lock`, before the account itself is
    anonymised."""
    named = _naming_them_line_manager(known)
    offered = _places_offered(known)
    _pairs_end(user, by=by)
    new_email = anonymised_email(user.pk)
    now = timezone.now()

    applications = MentorApplication.objects.filter(applicant=user)
    applications.filter(status=ApplicationStatus.DRAFT).delete()
    # Still waiting for a decision: withdrawn, so that nobody decides on someone who left.
    waiting = applications.filter(
        status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED]
    )
    withdrawn = list(waiting.values_list("pk", flat=True))
    waiting.update(status=ApplicationStatus.WITHDRAWN, withdrawn_at=now)
    # Their line manager, if the email asking them still waits, is not asked any more.
    line_manager_emails_call_off(withdrawn, reason="The applicant deleted their account.")
    # Nor is the office told of any of their applications by an email still waiting: it says
    # who applied and from which department, of an application that will say neither.
    office_emails_call_off(
        applications.values_list("pk", flat=True), reason="The applicant deleted their account."
    )
    # The yes/no answers and choices stay for the counts; what they wrote goes.
    applications.update(
        experience_statement=REMOVED_STATEMENT,
        conflict_details=REMOVED,
        department=REMOVED,
        bio=REMOVED,
        qualities_reflection=REMOVED,
        line_manager_name="",
        line_manager_email="",
        coordinator_notes="",
    )
    # A sent application's statement and details are only required when answered yes.
    applications.filter(has_experiences=False).update(experience_statement="")
    applications.filter(has_conflict=False).update(conflict_details="")
    # The line manager's answer stays (a declined one must keep a reason); who they are goes.
    line_managers = LineManagerRequest.objects.filter(application__applicant=user)
    line_managers.filter(decision=LineManagerDecision.DECLINED).update(reason=REMOVED)
    line_managers.exclude(decision=LineManagerDecision.DECLINED).update(reason="")
    line_managers.update(email=new_email, token="")
    # Named by others as their line manager: the name and address go from those applications
    # and requests too; an answer given stays, and a link already sent still takes one. The
    # office sees a request to a deleted account, and may send it to a new address. An
    # address they gave up names them only in what was written before (`named`; a request,
    # by when it was sent).
    named.update(line_manager_name=DELETED_NAME, line_manager_email=new_email)
    LineManagerRequest.objects.filter(known.written_to("email", "sent_at")).update(
        email=new_email, token=""
    )

    # A place offered to an address while it was theirs, never taken nor proposed a pair,
    # says only that: it goes, as the office's removal takes it (`removable`).
    # Their other places stay for the counts, without what they wrote.
    offered.removable().delete()
    BoardMember.objects.filter(
        Q(user=user) | Q(user__isnull=True, email__iexact=user.email)
    ).update(email=new_email, role_title="", department=REMOVED, learning_goals=REMOVED, bio="")

    their_pairs = Match.objects.with_member(user)
    # The pair's shared words and the office's reasons for it: the counts and dates stay.
    their_pairs.update(purpose="", end_note="", reasons=[])
    MeetingNote.objects.filter(author=user).delete()
    # Their reasons: for calling a meeting off, or for moving it (the reason stays with the
    # mover, `proposed_by`, until someone calls the meeting off with their own).
    Meeting.objects.filter(
        Q(cancelled_by=user) | Q(cancelled_by__isnull=True, proposed_by=user),
        match__in=their_pairs,
    ).update(change_reason="")
    # The place they gave a meeting may name them ("Maya Patel's office"), on the partner's
    # pages still; a link naming them is no use to anyone now.
    their_meetings = Meeting.objects.filter(match__in=their_pairs)
    names_take_out(their_meetings, ("location",), known)
    their_meetings.filter(known.named_in("online_url")).update(online_url="")
    # Which log was saved last (`Meeting.log_fingerprint`) is keyed on what was written in
    # it: it goes with their notes, as retention takes it with everyone's.
    their_meetings.exclude(log_fingerprint="").update(log_fingerprint="")
    ActionStep.objects.filter(created_by=user).update(text=REMOVED, needs="")
    ActionReview.objects.filter(reviewed_by=user).update(note="")
    PairRequest.objects.filter(raised_by=user).update(note="")
    BriefingExemption.objects.filter(person=user).update(note=REMOVED)
    # What the office wrote about others, or to a group, that names them: an event's texts
    # too, shown to all its places (the one calling it off, to those who held them).
    for rows, fields in (
        (MentorApplication.objects.all(), ("coordinator_notes",)),
        (Match.objects.all(), ("end_note",)),
        (BriefingExemption.objects.all(), ("note",)),
        (CohortMessage.objects.all(), ("subject", "body")),
        (Event.objects.all(), ("title", "location", "description", "call_off_message")),
    ):
        names_take_out(rows, fields, known)
    CalendarFeed.objects.filter(person=user).delete()
    # A place kept at an event to come is someone else's to take; past attendance stays.
    _places_ahead([user]).give_back()
    Reminder.objects.filter(addressed_to(user, known)).update(to=new_email)


def _places_offered(known: KnownAs) -> QuerySet:
    """Board places offered to an address while it was the person's, not taken by anyone."""
    return BoardMember.objects.filter(known.written_to("email", "invited_at"), user__isnull=True)


def _naming_them_line_manager(known: KnownAs) -> QuerySet:
    """Other people's applications that name the person as line manager, at an address of
    theirs while it was theirs (an application's line manager is set by its last save
    before it was sent)."""
    return MentorApplication.objects.alias(named_at=Coalesce("submitted_at", "updated_at")).filter(
        known.written_to("line_manager_email", "named_at")
    )


def _pairs_end(user: User, *, by: User) -> None:
    """An active pair ends first: the partner is told what `partner_told_of_deletion` says
    (unless their account is switched off: sending calls that email off, and the office's
    says they were not emailed), and the programme office that it ended because the account
    was deleted (no content). Proposals lapse. The caller has locked both sides (`sides_lock`)."""
    # The audit trail keeps who acted for good: a person deleting their own account is not
    # named there (the office, deleting it for them, is).
    office = None if by.pk == user.pk else by
    proposals_withdraw(matches=Match.objects.with_member(user), by=office)
    for match, _, told_office in _told_of_pairs_ending([user])[user.pk]:
        if not pair_left(match=match, leaver=user, by=office, account_deleted=True):
            continue  # `pair_left` emails the partner
        partner = match.partner_of(user)
        context = {
            "match": match,
            "programme": match.programme,
            "person": user,
            "partner": partner,
            "partner_side": "board member" if match.side_of(user) == "mentor" else "mentor",
            "partner_told": partner_told_of_deletion(),
            "partner_not_told": not_told_said([partner]),
            "by_office": office is not None,
        }
        for office, _ in told_office:
            send_templated_mail(
                "mentoring/email/account_deleted_pair_ended", to=office, context=context
            )


Told = list[tuple[str, Any, str]]
# The office's, each to be written to as the office's (`OfficeRecipient`), and why.
OfficeTold = list[tuple[OfficeRecipient, str]]


def _told_of_pairs_ending(
    people: list[User],
) -> dict[int, list[tuple[Match, Told, OfficeTold]]]:
    """Each active pair of each person's, by the person's id, with who is emailed when it
    ends with the account, and why: the partner, as (address, person, why) (none when no
    email reaches them, `can_be_emailed`: their account is switched off, and the pages say
    so, `not_told_said`), then the programme office, as (office recipient, why), as
    (match, partner's, office's). Two queries, the pairs and the coordinators (read once for
    every programme's office: `office_recipients`), however many people and programmes."""
    ids = {person.pk for person in people}
    told: dict[int, list] = {pk: [] for pk in ids}
    offices: dict[int, OfficeTold] = {}
    matches = list(
        Match.objects.active()
        .with_any_member(ids)
        .select_related(
            "programme", "mentor__applicant", "board_member__user", "board_member__board"
        )
    )
    coordinators = list(User.objects.coordinators()) if matches else []
    for match in matches:
        if match.programme_id not in offices:
            offices[match.programme_id] = [
                (
                    office,
                    f"the programme office of {match.programme.name}: told the pairing ended "
                    "because the account was deleted",
                )
                for office in office_recipients(match.programme, coordinators=coordinators)
            ]
        for person in _members_among(match, ids):
            partner = match.partner_of(person)
            partner_told = [(partner.email, partner, partner_told_of_deletion())]
            told[person.pk].append(
                (
                    match,
                    partner_told if can_be_emailed(partner) else [],
                    offices[match.programme_id],
                )
            )
    return told


def emailed(people: list[User]) -> dict[int, list[str]]:
    """Who deleting each person's account emails (the list `_pairs_end` sends to), by the
    person's id, as "Name (address): why"."""
    return {
        pk: [
            f"{person or 'The programme office'} ({email}): {why}"
            for _, partner_told, office in pairs
            for email, person, why in [
                *partner_told,
                *((told.email, told.person, why) for told, why in office),
            ]
        ]
        for pk, pairs in _told_of_pairs_ending(people).items()
    }


def taking_part(people: list[User]) -> dict[int, list[str]]:
    """The part each person takes now, by their id: pairs under way, whatever their
    programme (closing one ends no pair: its people still meet and may raise concerns about
    each other); in programmes not closed, pairs proposed, applications sent and not turned
    down or withdrawn, board members' places. Three queries, however many people."""
    ids = {person.pk for person in people}
    parts: dict[int, list[str]] = {pk: [] for pk in ids}
    open_ = ~Programme.ended_q("programme")
    for match in (
        Match.objects.with_any_member(ids)
        .filter(Q(status=MatchStatus.ACTIVE) | (open_ & Q(status=MatchStatus.PROPOSED)))
        .select_related("programme", "mentor__applicant", "board_member__user")
    ):
        for person in _members_among(match, ids):
            parts[person.pk].append(
                f"a pair {'proposed' if match.status == MatchStatus.PROPOSED else 'under way'} "
                f"with {match.partner_of(person)} in {match.programme}"
            )
    for application in MentorApplication.objects.filter(
        open_,
        applicant__in=ids,
        status__in=[
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.ACCEPTED,
            ApplicationStatus.WAITLISTED,
        ],
    ).select_related("programme"):
        parts[application.applicant_id].append(
            f"an application ({application.get_status_display().lower()}) in "
            f"{application.programme}"
        )
    for member in BoardMember.objects.filter(open_, user__in=ids).select_related("programme"):
        parts[member.user_id].append(f"a board member's place in {member.programme}")
    return parts
