"""Meetings: the person's schedule at /meetings/, booking, changing, calendars (logging a
meeting is in mentoring.views.meeting_log). Every view fetches through mentoring.access, so
another pair's meeting is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.cache import never_cache

from accounts.bounds import posted_number
from accounts.buttons import button_only
from accounts.refused import typed_in
from mentoring.access import meeting_for_user, pair_for_user
from mentoring.cadence import LastDay, PairState, Window, due_in_words, window_state
from mentoring.calendar import feed_ics, meeting_ics
from mentoring.forms.meetings import (
    CancelForm,
    MeetingForm,
)
from mentoring.models import Meeting, MeetingStatus, Registration
from mentoring.models.events import HOLDS_A_PLACE
from mentoring.selectors.pairs import (
    busy_for,
    last_day_of,
    may_move_now,
    overlaps_before_accepting,
    pair_view,
    pairs_for,
    partner_not_told_said,
    told_or_not,
    window_for_new,
)
from mentoring.services.meetings import (
    MeetingChanged,
    MeetingError,
    meeting_accept,
    meeting_cancel,
    meeting_propose,
    meeting_reschedule,
    who_called_off,
)
from mentoring.services.pairs import (
    calendar_feed_for,
    calendar_feed_owner,
    calendar_feed_regenerate,
)
from mentoring.stages import unpaired_standing
from mentoring.views.pairs import not_moved, not_proposed, read_only


@never_cache
@login_required
def schedule(request):
    """The person's schedule: what is waiting for them, what is booked, what was held. Each
    pair's meetings and where it stands, nothing else of the pair page's (its themes, ground
    rules and action steps)."""
    pairs = pairs_for(request.user, summary=True, actions=False)
    current = [pair for pair in pairs if pair.match.is_active]
    return render(
        request,
        "mentoring/schedule.html",
        {
            "pairs": pairs,
            "current": current,
            "feed": calendar_feed_for(request.user) if pairs else None,
            # In no pair now: why, and what comes next, by where they stand.
            "standing": None if current else unpaired_standing(request.user, pairs),
        },
    )


@typed_in(MeetingForm)
@never_cache
@login_required
def meeting_new(request, pk):
    match = pair_for_user(request.user, pk)
    if not match.is_active:
        return read_only(request, typed=lambda: [_typed_only(match)])
    pair = pair_view(match, request.user, requests=True)
    if not pair.may_propose:
        return not_proposed(request, pair, typed=lambda: [_typed_only(match)])
    window, after = window_for_new(match, pair.meetings)
    form = MeetingForm(
        request.POST or None,
        default_minutes=match.programme.meeting_minutes,
        window=window,
        busy=busy_for(request.user),
        last_day=last_day_of(match.programme),
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_propose(match=match, by=request.user, when=form.when())
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Meeting proposed. {pair.partner.full_name} has been told and can accept it "
                "or suggest another time.",
            )
            return redirect("meeting_detail", meeting.pk)
    return render(
        request,
        "mentoring/meeting_form.html",
        {
            "form": form,
            "pair": pair,
            "match": match,
            "forms": [form],
            "editing": None,
            "after": after,
            **_due(window, form.last_day),
        },
    )


@never_cache
@login_required
def meeting_detail(request, pk):
    meeting = meeting_for_user(request.user, pk)
    pair = pair_view(meeting.match, request.user, requests=True)
    awaiting = (
        meeting.status == MeetingStatus.PROPOSED
        and meeting.proposed_by_id != request.user.pk
        and meeting.is_upcoming
        and meeting.match.is_active
    )
    # "Accept this time" as `meeting_accept` takes it (`PairView.may_accept`).
    may_accept = awaiting and pair.may_accept
    overlaps = overlaps_before_accepting(request.user, [meeting] if may_accept else [])
    return render(
        request,
        "mentoring/meeting_detail.html",
        {
            "meeting": meeting,
            "pair": pair,
            "awaiting": awaiting,
            "may_accept": may_accept,
            # "Change the time", as the cancel page suggests it (`PairView.may_move`).
            "may_move": pair.may_move(meeting),
            "overlaps": overlaps.get(meeting.pk, []),
            # Why it was moved or called off, as the person's own data says it.
            "reason": meeting.reason_shown(meeting.match),
            "notes": meeting.notes.select_related("author"),
            "actions_recorded": meeting.actions_recorded.all(),
            "reviews": meeting.reviews.select_related("action"),
            "themes": meeting.themes.all(),
        },
    )


@never_cache
@login_required
@button_only(lambda pk: reverse("meeting_detail", args=[pk]), "Accept this time")
def meeting_accept_view(request, pk):
    meeting = meeting_for_user(request.user, pk)
    meeting.sequence = _seen_sequence(request, meeting)
    try:
        meeting_accept(meeting=meeting, by=request.user)
    except MeetingChanged as error:
        # Booked by their own accepting (a double click, another tab): said as done. Only
        # the one who did not propose a time accepts it.
        meeting = meeting_for_user(request.user, pk)
        if meeting.status == MeetingStatus.CONFIRMED and meeting.proposed_by_id != request.user.pk:
            messages.info(
                request, f"You accepted this meeting already: it is booked for {_when(meeting)}."
            )
        else:
            messages.error(request, f"{error} {_where_it_stands(meeting, request.user)}")
    except MeetingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Meeting booked. Add it to your calendar below.")
    return redirect("meeting_detail", meeting.pk)


@typed_in(MeetingForm)
@never_cache
@login_required
def meeting_change(request, pk):
    """A new time for a proposed or booked meeting: "Change the time" of a booking or one's
    own proposal, "Suggest another time" in answer to the partner's (`Meeting.move_said`)."""
    meeting = meeting_for_user(request.user, pk)
    if not meeting.is_movable:
        messages.error(request, "Only a meeting that is still to happen can be moved.")
        return redirect("meeting_detail", meeting.pk)
    sequence = _seen_sequence(request, meeting)
    pair, window, after, form = _move_form(request, meeting)
    if not pair.may_move(meeting):
        return not_moved(request, meeting, pair, typed=lambda: [form])
    if request.method == "POST" and form.is_valid():
        try:
            meeting.sequence = sequence
            meeting_reschedule(
                meeting=meeting,
                by=request.user,
                when=form.when(),
                reason=form.cleaned_data["reason"],
            )
        except MeetingChanged as error:
            # What they typed stays, over the meeting as it stands now; proposing it again
            # is over the version now shown.
            meeting = meeting_for_user(request.user, pk)
            if not meeting.is_movable:
                messages.error(request, f"{error} {_where_it_stands(meeting, request.user)}")
                return redirect("meeting_detail", meeting.pk)
            sequence = meeting.sequence
            pair, window, after, form = _move_form(request, meeting)
            form.is_valid()
            form.add_error(None, f"{error} {_where_it_stands(meeting, request.user)}")
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"New time proposed. {pair.partner.full_name} has been told.")
            return redirect("meeting_detail", meeting.pk)
    return render(
        request,
        "mentoring/meeting_form.html",
        {
            "form": form,
            "pair": pair,
            "match": meeting.match,
            "forms": [form],
            "editing": meeting,
            "after": after,
            "sequence": sequence,
            **_due(window, form.last_day, then=pair.later_than_due_said(meeting)),
        },
    )


def _typed_only(match) -> MeetingForm:
    """The proposal form, for a refused page to read its free-text boxes back: no window or
    diary is needed."""
    return MeetingForm(default_minutes=match.programme.meeting_minutes, window=None, busy=[])


def _move_form(request, meeting: Meeting):
    """The pair, the window the next meeting is due in, the booked meeting it counts from,
    and the form to move `meeting`, bound to what was posted."""
    pair = pair_view(meeting.match, request.user, requests=True)
    window, after = window_for_new(meeting.match, pair.meetings, moving=meeting)
    form = MeetingForm(
        request.POST or None,
        initial=_initial(meeting),
        default_minutes=meeting.minutes,
        window=window,
        busy=busy_for(request.user, exclude_meeting=meeting),
        with_reason=True,
        last_day=last_day_of(meeting.match.programme),
    )
    return pair, window, after, form


def _due(window: Window | None, last_day: LastDay | None, *, then: str = "") -> dict:
    """What the proposal form says of when the meeting is due: in the pair page's words
    (`cadence.due_in_words`, with the programme's `last_day` where the meeting may fall
    after it; `then`, for a time being moved, how much later than the due date it is,
    `PairView.later_than_due_said`), and, once its window has closed, that the soonest date is
    wanted (the form warns of no date after it, `MeetingForm._warnings`). A booked meeting
    moved is due by the day its window closes, wherever it opens (`Window.booked_already`).
    No window in a closed programme (`window_for_new`)."""
    if window is None:
        return {"window": None}
    today = timezone.localdate()
    state = window_state(window, today)
    return {
        "window": window,
        "due_in_words": due_in_words(window, state, last_day=last_day, today=today, then=then),
        "overdue": state == PairState.OVERDUE,
    }


def _when(meeting: Meeting) -> str:
    """When the meeting starts, in the programme's time zone, as a message says it:
    "Thursday 8 October, 14:00"."""
    return f"{timezone.localtime(meeting.starts_at):%A %-d %B, %H:%M}"


def _where_it_stands(meeting: Meeting, person) -> str:
    """What became of a meeting that changed under the person's page, in a sentence."""
    when = _when(meeting)
    partner = meeting.match.partner_of(person).get_short_name()
    if meeting.status == MeetingStatus.CONFIRMED:
        return f"It is now booked for {when}."
    if meeting.status == MeetingStatus.PROPOSED and meeting.proposed_by_id == person.pk:
        return f"You proposed {when} meanwhile (perhaps in another tab); {partner} is to answer."
    if meeting.status == MeetingStatus.PROPOSED:
        return f"{partner} now proposes {when}, waiting for your answer."
    return f"It is now {meeting.status_label.lower()}."


def _seen_sequence(request, meeting: Meeting) -> int:
    """The version of the meeting the person's page showed: acting on a time they never saw
    (the partner moved it meanwhile) is refused by the service."""
    seen = posted_number(request.POST.get("sequence"), max_digits=9)
    return meeting.sequence if seen is None else seen


def _initial(meeting: Meeting) -> dict:
    """The meeting's time and place to start from. The end is left empty: a new start then
    keeps the meeting's length (the form's `default_minutes`), not its old end."""
    start = timezone.localtime(meeting.starts_at)
    return {
        "day": start.date(),
        "start": start.time(),
        "location": meeting.location,
        "online_url": meeting.online_url,
    }


def _droppable(meeting: Meeting) -> bool:
    return meeting.match.is_active and (
        meeting.is_upcoming or meeting.status == MeetingStatus.PROPOSED
    )


def _say_why_not_droppable(request, meeting: Meeting) -> None:
    """Why the cancel page (a link, or a form sent again) no longer cancels the meeting,
    from where it stands now. A meeting already off, whoever called it off (the person
    themselves in another tab or by a double click, their partner, or the pair's end), is
    the outcome they wanted: said as done, not refused, in the words of what their page was
    doing (`CancelForm.seen_call_off`, `CallOffWords.verb`), or "call off" where it is not
    known."""
    person = request.user
    seen = CancelForm.seen_call_off(request.POST)
    nothing_left = f"so there is nothing left to {seen.words.verb if seen else 'call off'}."
    if not meeting.match.is_active and meeting.is_closed:
        messages.info(
            request,
            f"This pairing has ended and its meetings still to come are off, {nothing_left}",
        )
    elif not meeting.match.is_active:
        messages.error(request, "This pairing has ended; its meetings still to come are off.")
    elif meeting.status == MeetingStatus.CONFIRMED and meeting.has_started:
        messages.error(request, "This meeting has started. Log whether it took place instead.")
    elif meeting.is_closed and meeting.cancelled_by_id == person.pk:
        messages.info(request, f"{who_called_off(meeting, person)} already.")
    elif meeting.is_closed:
        messages.info(request, f"{who_called_off(meeting, person)} already, {nothing_left}")
    else:
        messages.error(request, "This meeting is logged, so it cannot be cancelled.")


def _cancelled_said(meeting: Meeting, person) -> str:
    """The message once `person` cancelled the meeting or dropped the proposal: their
    partner's email takes it out of the partner's calendar (unless no email reaches them,
    `told_or_not`); this calendar file takes it out of theirs."""
    done = meeting.called_off_by_a_member().words.done_said
    if meeting.called_off_after_a_move:
        done = f"{done}: neither time will happen"
    told = told_or_not(
        meeting.match.partner_of(person),
        meeting.match.programme,
        told=f"{done} and your partner has been told.",
        done=f"{done}.",
    )
    return format_html(
        '{} If it is in your calendar, <a href="{}" class="alert-link">take it out with this '
        "calendar file (.ics)</a>.",
        told,
        reverse("meeting_calendar", args=[meeting.pk]),
    )


@typed_in(CancelForm)
@never_cache
@login_required
def meeting_cancel_view(request, pk):
    meeting = meeting_for_user(request.user, pk)
    if not _droppable(meeting):
        _say_why_not_droppable(request, meeting)
        return redirect("meeting_detail", meeting.pk)
    # What calling it off does (cancel, decline, withdraw or drop): the form's question and
    # what the page says the partner is told.
    kind = meeting.call_off_kind(request.user)
    form = CancelForm(request.POST or None, kind=kind)
    sequence = _seen_sequence(request, meeting)
    if request.method == "POST" and form.is_valid():
        meeting.sequence = sequence
        try:
            meeting = meeting_cancel(
                meeting=meeting, by=request.user, reason=form.cleaned_data["reason"]
            )
        except MeetingChanged as error:
            # The reason typed stays, over the meeting as it stands now (its time, and
            # whether it is booked or proposed); sending again is over the version now shown.
            meeting = meeting_for_user(request.user, pk)
            if not _droppable(meeting):
                messages.error(request, f"{error} {_where_it_stands(meeting, request.user)}")
                return redirect("meeting_detail", meeting.pk)
            sequence = meeting.sequence
            kind = meeting.call_off_kind(request.user)
            form = form.refused(kind, f"{error} {_where_it_stands(meeting, request.user)}")
        except MeetingError as error:
            # Called off meanwhile (after this request read it): said as
            # `_say_why_not_droppable` says it, not refused.
            meeting = meeting_for_user(request.user, pk)
            if not _droppable(meeting):
                _say_why_not_droppable(request, meeting)
                return redirect("meeting_detail", meeting.pk)
            form.add_error(None, str(error))
        else:
            messages.success(request, _cancelled_said(meeting, request.user))
            return redirect("match")
    elif form.out_of_date and sequence != meeting.sequence:
        # The page called off something the meeting is not now for the person, and was
        # opened before the meeting changed: it is told what changed, as the service tells it
        # (`MeetingChanged`), rather than only that it was out of date (the form's own
        # refusal). Nothing is called off either way.
        form = form.refused(kind, f"{MeetingChanged()} {_where_it_stands(meeting, request.user)}")
        sequence = meeting.sequence
    partner = meeting.match.partner_of(request.user)
    return render(
        request,
        "mentoring/meeting_cancel.html",
        {
            "form": form,
            "meeting": meeting,
            "call_off": kind,
            "partner": partner,
            "partner_not_told": partner_not_told_said(partner, meeting.match.programme, done=False),
            # Offered instead only where its page offers moving it (`may_move`).
            "may_move": may_move_now(meeting, request.user),
            "forms": [form],
            "sequence": sequence,
        },
    )


@never_cache
@login_required
def meeting_calendar(request, pk):
    meeting = meeting_for_user(request.user, pk)
    return _ics(meeting_ics(meeting, request.user), "meeting.ics")


@never_cache
def calendar_feed(request):
    """The subscribable feed: the secret token is the only key, so calendar apps can fetch
    it without a session. A wrong or replaced token is a 404, and so is the token of an
    account that may not sign in (switched off, or a demo account under production
    settings: `calendar_feed_owner`)."""
    person = calendar_feed_owner(request.GET.get("token", ""))
    if person is None:
        raise Http404("No calendar at this address.")
    meetings = Meeting.objects.for_user(person).select_related(
        "match__programme", "match__mentor__applicant", "match__board_member__user"
    )
    registrations = Registration.objects.filter(
        person=person, status__in=HOLDS_A_PLACE
    ).select_related("event__programme")
    return _ics(feed_ics(person, meetings, registrations), "reverse-mentoring.ics")


@never_cache
@login_required
@button_only(lambda: reverse("meetings"), "Yes, make a new address")
def calendar_feed_new(request):
    calendar_feed_regenerate(person=request.user)
    messages.success(
        request,
        "Your calendar address is new. The old one no longer works: subscribe again with the "
        "new one.",
    )
    return redirect("profile" if request.POST.get("next") == "profile" else "meetings")


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
