"""The pair's home at /match/: partner, ground rules, purpose, next meeting, action steps,
and the way out. Every view fetches the pair through mentoring.access (404 otherwise)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.template.defaultfilters import capfirst, pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.cache import never_cache

from accounts.bounds import posted_number
from accounts.buttons import button_only
from accounts.outbox import not_told_said
from accounts.refused import problem_form, typed_in, typed_to_read
from mentoring.access import pair_for_user
from mentoring.forms.meetings import PairRequestForm, PlanForm, PurposeForm
from mentoring.models import PairRequest, PairRequestKind
from mentoring.selectors.pairs import (
    PURPOSE_NOT_WRITTEN,
    busy_for,
    last_day_of,
    not_writing_purpose_said,
    overlaps_before_accepting,
    pair_view,
    pairs_for,
    plan_starts_after_the_last_day,
    planned_times,
)
from mentoring.services.meetings import MeetingError, meetings_plan
from mentoring.services.pairs import (
    PairError,
    PurposeChanged,
    ground_rules_agree,
    pair_purpose_save,
    pair_request_raise,
    purpose_stamp,
)
from mentoring.stages import unpaired_standing

READ_ONLY = "This pairing has ended; its record is read-only."


def read_only(request, to="match", *, typed=None, back="Back to your pair"):
    """An ended pair's pages can be read, not changed: say so and go back (`to`). A save
    sent from a page opened before the pairing ended is refused on a page of its own, which
    shows back what was typed in the page's free-text boxes, to copy: `typed` gives the
    page's forms (built only then), `back` names the way back."""
    if request.method != "POST":
        messages.error(request, READ_ONLY)
        return redirect(to)
    return not_saved(
        request, READ_ONLY, title="This pairing has ended", typed=typed, to=to, back=back
    )


def not_proposed(request, pair, *, typed=None):
    """Proposing meetings (one, or the year's) where the pair's pages do not offer it
    (`PairView.may_propose`), from a link kept or a page opened before: say why and go back
    to the pair page. A proposal with boxes typed in (`typed` gives the page's forms, as
    for `read_only`) is refused on a page of its own, which shows back what was typed."""
    why = pair.not_proposing_said
    if request.method != "POST" or typed is None:
        messages.error(request, why)
        return redirect("match")
    return not_saved(request, why, title="No meeting was proposed", typed=typed)


def not_moved(request, meeting, pair, *, typed):
    """Moving a meeting to a new time where its page does not offer it (`PairView.may_propose`:
    the new time asks the partner again), from a link kept or a page opened before: say why
    (`not_moving_said`) and go back to the meeting. A new time sent is refused on a page of
    its own, which shows back what was typed (`typed`, as for `read_only`)."""
    why = pair.not_moving_said
    if request.method != "POST":
        messages.error(request, why)
        return redirect("meeting_detail", meeting.pk)
    return not_saved(
        request,
        why,
        title="No new time was proposed",
        typed=typed,
        to=reverse("meeting_detail", args=[meeting.pk]),
        back="Back to the meeting",
    )


def purpose_not_written(request, why):
    """The shared purpose page where the pair page does not offer it
    (`not_writing_purpose_said`: a partner who cannot take part), from a link kept or a page
    opened before: go back to the pair page, whose warning says why, saying only that no
    purpose is written; a purpose sent is refused on a page of its own, which shows back
    what was typed (as for `read_only`) and says why in full."""
    if request.method != "POST":
        # The pair page's warning says who cannot take part and what the office can do.
        messages.error(request, PURPOSE_NOT_WRITTEN)
        return redirect("match")
    return not_saved(
        request, why, title="Your shared purpose was not saved", typed=lambda: [PurposeForm()]
    )


def not_saved(request, why, *, title, typed, to="match", back="Back to your pair"):
    page = {
        "title": title,
        "forms": [problem_form(why)],
        "summary_intro": "Nothing was saved.",
        "typed": typed_to_read(request.POST, typed() if typed else []),
        "back": back,
        "back_url": resolve_url(to),
    }
    return render(request, "mentoring/pair_ended_not_saved.html", page, status=409)


@never_cache
@login_required
def pair_home(request):
    """Current pairs first, with everything the pair needs next; past pairs below."""
    pairs = pairs_for(request.user)
    current = [pair for pair in pairs if pair.match.is_active]
    past = [pair for pair in pairs if not pair.match.is_active]
    # Said beside "Accept", where it is offered (`PairView.may_accept`).
    awaiting = [meeting for pair in current if pair.may_accept for meeting in pair.awaiting_me]
    overlaps = overlaps_before_accepting(request.user, awaiting)
    for pair in current:
        for meeting in pair.awaiting_me:
            meeting.overlaps = overlaps.get(meeting.pk, [])
            # "Suggest another time" by the rule the move page opens by, never to a refusal.
            meeting.may_move = pair.may_move(meeting)
    return render(
        request,
        "mentoring/pair_home.html",
        {
            "current": current,
            "past": past,
            # In no pair now: why, and what comes next, by where they stand.
            "standing": None if current else unpaired_standing(request.user, past),
        },
    )


def _rules_to_agree(request, pk) -> str | None:
    """404 for another pair's; for an ended pair's, that its record is read-only (its page
    offers no "I agree")."""
    return None if pair_for_user(request.user, pk).is_active else READ_ONLY


@never_cache
@login_required
@button_only(
    lambda pk: f"{reverse('match')}#rules-{pk}",
    "I agree to these ground rules",
    reach=_rules_to_agree,
)
def rules_agree(request, pk):
    match = pair_for_user(request.user, pk)
    version = request.POST.get("version", "")
    try:
        # 0 is a real answer (the default rules), so anything unreadable is -1, which
        # matches no version.
        number = posted_number(version, max_digits=5)
        ground_rules_agree(
            match=match, person=request.user, version=-1 if number is None else number
        )
    except PairError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "You have agreed the ground rules.")
    return redirect("match")


@typed_in(PurposeForm)
@never_cache
@login_required
def purpose_edit(request, pk):
    match = pair_for_user(request.user, pk)
    if not match.is_active:
        return read_only(request, typed=lambda: [PurposeForm()])
    if why := not_writing_purpose_said(match.partner_of(request.user), match.programme):
        return purpose_not_written(request, why)
    initial = {"purpose": match.purpose, "stamp": purpose_stamp(match)}
    form = PurposeForm(request.POST or None, initial=initial)
    theirs = None  # the partner's version, saved while this person was editing
    if request.method == "POST" and form.is_valid():
        try:
            pair_purpose_save(
                match=match,
                person=request.user,
                purpose=form.cleaned_data["purpose"],
                seen=form.cleaned_data["stamp"],
            )
        except PurposeChanged as error:
            match.refresh_from_db()
            theirs = match.purpose
            # What they typed stays; saving again is over the version now shown.
            data = request.POST.copy()
            data["stamp"] = purpose_stamp(match)
            form = PurposeForm(data)
            form.is_valid()
            form.add_error(None, str(error))
        except PairError as error:  # ended, or the partner switched off, meanwhile
            return purpose_not_written(request, str(error))
        else:
            messages.success(request, "Your shared purpose is saved.")
            return redirect("match")
    return render(
        request,
        "mentoring/purpose_form.html",
        {"form": form, "match": match, "forms": [form], "theirs": theirs},
    )


@never_cache
@login_required
def plan_year(request, pk):
    match = pair_for_user(request.user, pk)
    if not match.is_active:
        return read_only(request)
    pair = pair_view(match, request.user, requests=True)
    if not pair.may_propose:
        return not_proposed(request, pair)
    today = timezone.localdate()
    last_day = last_day_of(match.programme)
    if last_day is not None and last_day.has_passed(today):
        return plan_past_the_last_day(request, match, pair, last_day)
    form = PlanForm(
        request.POST or None,
        times=planned_times(pair, today),
        minutes=match.programme.meeting_minutes,
        busy=busy_for(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            meetings = meetings_plan(match=match, by=request.user, times=form.chosen())
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{len(meetings)} meeting{pluralize(len(meetings))} proposed. "
                f"{pair.partner.full_name} can accept, move or drop each one.",
            )
            return redirect("meetings")
    return render(
        request,
        "mentoring/plan_year.html",
        {
            "form": form,
            "pair": pair,
            "match": match,
            "forms": [form],
            "plan_overlaps": any(form.overlapping.values()),
            # Nothing to plan: because the programme's last day comes first, or because
            # their meetings already reach a year ahead.
            "plan_would_start": plan_starts_after_the_last_day(pair, today),
        },
    )


def plan_past_the_last_day(request, match, pair, last_day):
    """ "Plan the year" once the programme's last day has passed: every date is after it, so
    there is no year to plan. The page says only that, as the pair's pages say it
    (`LastDay.passed_said`), and offers one meeting; a plan sent from a page opened before
    is answered with the same sentence (the dates it offered are gone)."""

    def said(link_class=""):
        return format_html(
            '{}: <a href="{}"{}>propose a meeting</a>.',
            capfirst(last_day.passed_said()),
            reverse("meeting_new", args=[match.pk]),
            format_html(' class="{}"', link_class) if link_class else "",
        )

    if request.method == "POST":
        return not_saved(request, said("alert-link"), title="No meeting was proposed", typed=None)
    return render(
        request,
        "mentoring/plan_year.html",
        {"pair": pair, "match": match, "forms": [], "passed_said": said()},
    )


@typed_in(PairRequestForm)
@never_cache
@login_required
def pair_request(request, pk):
    """End the pairing, or raise a concern: a private word with the programme office."""
    match = pair_for_user(request.user, pk)
    if not match.is_active:
        return read_only(request, typed=lambda: [PairRequestForm()])
    # What the person has sent and the office has not decided yet is not offered again.
    already = set(
        PairRequest.objects.open()
        .filter(match=match, raised_by=request.user)
        .values_list("kind", flat=True)
    )
    if already >= set(PairRequestKind.values):
        if request.method == "POST":  # from a page opened before both were sent
            office = match.programme.contact_email
            why = format_html(
                "The programme office already has your request to end the pairing and your "
                "concern, so nothing more is sent from here until they are in touch. To add to "
                'your concern, write to them at <a href="mailto:{}" class="alert-link">{}</a>.',
                office,
                office,
            )
            return not_saved(
                request,
                why,
                title="Nothing was sent to the programme office",
                typed=lambda: [PairRequestForm()],
            )
        messages.info(
            request,
            "The programme office has your request to end the pairing and your concern, and "
            "will be in touch.",
        )
        return redirect("match")
    form = PairRequestForm(
        request.POST or None, initial={"kind": request.GET.get("kind")}, already=already
    )
    partner = match.partner_of(request.user)
    # If the office ends the pair, no email reaches a partner whose account is switched off.
    partner_not_told = not_told_said([partner], done=False)
    page = {"form": form, "match": match, "partner": partner, "partner_not_told": partner_not_told}
    # Sent only once confirmed; "Change it" comes back to the form with what was typed.
    if request.method == "POST" and "change" not in request.POST and form.is_valid():
        if request.POST.get("confirmed") != "yes":
            return render(request, "mentoring/pair_request_confirm.html", page)
        try:
            pair_request_raise(
                match=match,
                person=request.user,
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
            )
        except PairError as error:
            form.add_error(None, str(error))
        else:
            if form.cleaned_data["kind"] == PairRequestKind.END:
                partner_said = (
                    f"If the pairing ends, {partner_not_told}."
                    if partner_not_told
                    else "Your partner is not told why; if the pairing ends, they only learn "
                    "that it ended."
                )
                messages.success(
                    request,
                    f"The programme office has your request and will be in touch. {partner_said}",
                )
            else:
                messages.success(
                    request,
                    "The programme office has your message and will be in touch with you "
                    "privately. Your partner is not told.",
                )
            return redirect("match")
    return render(request, "mentoring/pair_request.html", {**page, "forms": [form]})
