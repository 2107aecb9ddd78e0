"""Meetings: the person's schedule at /meetings/, booking, changing, logging, calendars.
Every view fetches through mentoring.access, so another pair's meeting is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.bounds import posted_number
from mentoring.access import meeting_for_user, pair_for_user
from mentoring.calendar import feed_ics, meeting_ics
from mentoring.forms.meetings import (
    ActionCorrectionForm,
    ActionStepFormSet,
    CancelForm,
    LogForm,
    MeetingForm,
    ReviewForm,
)
from mentoring.models import Meeting, MeetingStatus, Registration, RegistrationStatus
from mentoring.navigation import parts_kept
from mentoring.selectors.pairs import (
    actions_agreed_at,
    actions_to_review,
    busy_for,
    pair_view,
    pairs_for,
    window_for_new,
)
from mentoring.services.meetings import (
    LogChanged,
    MeetingChanged,
    MeetingError,
    log_changed_since,
    log_stamp,
    meeting_accept,
    meeting_cancel,
    meeting_log,
    meeting_propose,
    meeting_reschedule,
)
from mentoring.services.pairs import (
    calendar_feed_for,
    calendar_feed_owner,
    calendar_feed_regenerate,
)
from mentoring.views.pairs import read_only


@never_cache
@login_required
def schedule(request):
    """The person's schedule: what is waiting for them, what is booked, what was held. Each
    pair's meetings and where it stands, nothing else of the pair page's (its themes, ground
    rules and action steps)."""
    pairs = pairs_for(request.user, summary=True, actions=False)
    return render(
        request,
        "mentoring/schedule.html",
        {
            "pairs": pairs,
            "current": [pair for pair in pairs if pair.match.is_active],
            "feed": calendar_feed_for(request.user) if pairs else None,
            "parts": None if pairs else parts_kept(request.user),
        },
    )


@never_cache
@login_required
def meeting_new(request, pk):
    match = pair_for_user(request.user, pk)
    if not match.is_active:
        return read_only(request)
    pair = pair_view(match, request.user)
    window, after = window_for_new(match, pair.meetings)
    form = MeetingForm(
        request.POST or None,
        default_minutes=match.programme.meeting_minutes,
        window=window,
        busy=busy_for(request.user),
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
            "window": window,
            "after": after,
        },
    )


@never_cache
@login_required
def meeting_detail(request, pk):
    meeting = meeting_for_user(request.user, pk)
    pair = pair_view(meeting.match, request.user)
    return render(
        request,
        "mentoring/meeting_detail.html",
        {
            "meeting": meeting,
            "pair": pair,
            "notes": meeting.notes.select_related("author"),
            "actions_recorded": meeting.actions_recorded.all(),
            "reviews": meeting.reviews.select_related("action"),
            "themes": meeting.themes.all(),
        },
    )


@never_cache
@login_required
@require_POST
def meeting_accept_view(request, pk):
    meeting = meeting_for_user(request.user, pk)
    meeting.sequence = _seen_sequence(request, meeting)
    try:
        meeting_accept(meeting=meeting, by=request.user)
    except MeetingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Meeting booked. Add it to your calendar below.")
    return redirect("meeting_detail", meeting.pk)


@never_cache
@login_required
def meeting_change(request, pk):
    """Suggest another time for a proposed or booked meeting."""
    meeting = meeting_for_user(request.user, pk)
    if not (meeting.match.is_active and meeting.is_upcoming):
        messages.error(request, "Only a meeting that is still to happen can be moved.")
        return redirect("meeting_detail", meeting.pk)
    pair = pair_view(meeting.match, request.user)
    window, after = window_for_new(meeting.match, pair.meetings, moving=meeting)
    form = MeetingForm(
        request.POST or None,
        initial=_initial(meeting),
        default_minutes=meeting.minutes,
        window=window,
        busy=busy_for(request.user, exclude_meeting=meeting),
        with_reason=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting.sequence = _seen_sequence(request, meeting)
            meeting_reschedule(
                meeting=meeting,
                by=request.user,
                when=form.when(),
                reason=form.cleaned_data["reason"],
            )
        except MeetingChanged as error:
            messages.error(request, str(error))
            return redirect("meeting_detail", meeting.pk)
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
            "window": window,
            "after": after,
            "sequence": _seen_sequence(request, meeting),
        },
    )


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


@never_cache
@login_required
def meeting_cancel_view(request, pk):
    meeting = meeting_for_user(request.user, pk)
    droppable = meeting.is_upcoming or meeting.status == MeetingStatus.PROPOSED
    if not (meeting.match.is_active and droppable):
        messages.error(request, "This meeting is no longer to happen, so it cannot be cancelled.")
        return redirect("meeting_detail", meeting.pk)
    form = CancelForm(request.POST or None, dropping=meeting.status == MeetingStatus.PROPOSED)
    sequence = _seen_sequence(request, meeting)
    if request.method == "POST" and form.is_valid():
        meeting.sequence = sequence
        try:
            meeting = meeting_cancel(
                meeting=meeting, by=request.user, reason=form.cleaned_data["reason"]
            )
        except MeetingChanged as error:
            messages.error(request, str(error))
            return redirect("meeting_detail", meeting.pk)
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            done = (
                "The meeting is cancelled"
                if meeting.status == MeetingStatus.CANCELLED
                else "The proposed time is dropped"
            )
            messages.success(request, f"{done} and your partner has been told.")
            return redirect("match")
    partner = meeting.match.partner_of(request.user)
    return render(
        request,
        "mentoring/meeting_cancel.html",
        {
            "form": form,
            "meeting": meeting,
            "partner": partner,
            "forms": [form],
            "sequence": sequence,
        },
    )


@never_cache
@login_required
def meeting_log_view(request, pk):
    """Whether it took place, for how long, the themes, my notes, new action steps, and the
    review of the steps from earlier meetings: one form, saved all at once."""
    meeting = meeting_for_user(request.user, pk)
    match = meeting.match
    if not match.is_active:
        return read_only(request, reverse("meeting_detail", args=[meeting.pk]))
    if not meeting.can_be_logged:
        messages.error(request, "A meeting can be logged once its time has come.")
        return redirect("meeting_detail", meeting.pk)
    pair = pair_view(match, request.user)
    if not pair.both_agreed_any:
        messages.error(
            request, "Both of you agree the ground rules before the first meeting is logged."
        )
        return redirect("match")
    data = request.POST if request.method == "POST" else None
    # Sent from a page built before the log was last saved: what was typed is kept, and
    # the steps agreed at the meeting are shown as they are now.
    stale = data is not None and log_changed_since(meeting, data.get("log_stamp"))
    my_note = meeting.notes.filter(author=request.user).first()
    log_form = LogForm(
        data,
        themes=match.programme.themes.all(),
        initial={
            "held": {"held": "yes", "not_held": "no"}.get(meeting.status),
            "actual_minutes": meeting.actual_minutes or meeting.minutes,
            "themes": list(meeting.themes.all()),
            "note": my_note.text if my_note else "",
        },
    )
    names = {
        pair.side: f"{request.user.get_short_name()} (you)",
        "board_member" if pair.i_mentor else "mentor": pair.partner.get_short_name(),
    }
    actions = ActionStepFormSet(
        data, prefix="action", form_kwargs={"names": names, "meeting_day": meeting.day}
    )
    agreed = [
        ActionCorrectionForm(
            None if stale else data,
            action=step,
            removable=not step.reviewed,
            names=names,
            meeting_day=meeting.day,
        )
        for step in actions_agreed_at(meeting)
    ]
    reviews = [
        ReviewForm(data, action=action, initial=_review_initial(action))
        for action in actions_to_review(meeting)
    ]
    # The error summary says which action step each message is about.
    for number, form in enumerate(actions.forms, start=1):
        form.summary_prefix = f"New action step {number}: "
    for form in agreed:
        form.summary_prefix = f"Action step “{Truncator(form.action_step.text).chars(40)}”: "
    for form in reviews:
        form.summary_prefix = f"Review of “{Truncator(form.action.text).chars(40)}”: "
    forms = [log_form, *reviews, *agreed, *actions.forms]
    if request.method == "POST" and not actions.management_form.is_valid():
        log_form.is_valid()  # so the form keeps what was typed and can take the message
        log_form.add_error(None, "The form was incomplete; nothing was saved. Please try again.")
    elif stale:
        log_form.is_valid()
        log_form.add_error(None, str(LogChanged()))
    elif request.method == "POST" and all(form.is_valid() for form in forms):
        try:
            meeting_log(
                meeting=meeting,
                by=request.user,
                held=log_form.cleaned_data["held"],
                actual_minutes=log_form.cleaned_data["actual_minutes"],
                themes=list(log_form.cleaned_data["themes"]),
                note=log_form.cleaned_data["note"],
                new_actions=[a for a in (f.action() for f in actions.forms) if a],
                # A step already reviewed here has no form on the page; one sent anyway
                # (a stale tab, the partner saving first) is refused by the service.
                reviews=[r for r in (f.review() for f in reviews) if r],
                corrections=[c for c in (f.correction() for f in agreed) if c],
                removals=[f.action_step.pk for f in agreed if f.removed()],
                seen_logged_at=request.POST.get("log_stamp"),
            )
        except MeetingError as error:
            log_form.add_error(None, str(error))
        else:
            messages.success(request, "The meeting is logged.")
            return redirect("meeting_detail", meeting.pk)
    return render(
        request,
        "mentoring/meeting_log.html",
        {
            "meeting": meeting,
            "pair": pair,
            "log_form": log_form,
            "actions": actions,
            "reviews": reviews,
            "agreed": agreed,
            "forms": forms,
            "log_stamp": request.POST.get("log_stamp", log_stamp(meeting)),
        },
    )


def _review_initial(action) -> dict:
    done = action.here[0] if action.here else None
    return {"status": done.status, "note": done.note} if done else {}


@never_cache
@login_required
def meeting_calendar(request, pk):
    meeting = meeting_for_user(request.user, pk)
    return _ics(meeting_ics(meeting, request.user), "meeting.ics")


@never_cache
def calendar_feed(request):
    """The subscribable feed: the secret token is the only key, so calendar apps can fetch
    it without a session. A wrong or replaced token is a 404."""
    person = calendar_feed_owner(request.GET.get("token", ""))
    if person is None:
        raise Http404("No calendar at this address.")
    meetings = (
        Meeting.objects.for_user(person)
        .filter(match__status__in=["active", "ended"])
        .select_related("match__programme", "match__mentor__applicant", "match__board_member__user")
    )
    registrations = Registration.objects.filter(
        person=person, status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED]
    ).select_related("event")
    return _ics(feed_ics(person, meetings, registrations), "reverse-mentoring.ics")


@never_cache
@login_required
@require_POST
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
