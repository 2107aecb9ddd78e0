from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import get_text_list
from django.views.decorators.cache import never_cache

from accounts.outbox import not_told_said
from accounts.refused import problem_form, typed_in, typed_in_any_form, typed_to_read
from accounts.tokens import hash_token
from mentoring.access import (
    board_member_may_read,
    programme_to_apply_to,
    programmes_open_to,
    why_cannot_apply,
)
from mentoring.approval import approves_own_application
from mentoring.forms.applications import LineManagerAnswerForm, MentorApplicationForm
from mentoring.line_manager import answer_refused
from mentoring.links import apply_url
from mentoring.models import (
    LineManagerRequest,
    Match,
    MentorApplication,
    Programme,
    ProgrammeStatus,
)
from mentoring.models.meetings import UPCOMING
from mentoring.selectors import current_programme
from mentoring.services.applications import (
    ApplicationError,
    OwnApplicationError,
    application_save_draft,
    application_submit,
    application_withdraw,
    draft_stamp,
    ended_message,
    locked_message,
    mentor_places_ahead,
    submit_problem,
)
from mentoring.services.line_managers import (
    line_manager_agreement_emails_office,
    line_manager_answer,
)
from mentoring.stages import (
    after_pair_ended,
    application_stage,
    member_standing,
    mentor_briefing,
    mentor_pairs_for,
)


@typed_in(MentorApplicationForm)
@never_cache
def apply(request):
    slug = request.GET.get("programme")
    if not request.user.is_authenticated and (slug or current_programme(request)):
        # The form is someone's own. Only that none takes applications needs no account.
        return redirect_to_login(request.get_full_path())
    programme = programme_to_apply_to(request, slug)
    if programme is None:
        return _none_takes_applications(request)
    refusal = why_cannot_apply(request.user, programme)
    if refusal:
        return _refused(request, programme, refusal)
    application = (
        MentorApplication.objects.filter(programme=programme, applicant=request.user)
        .select_related("programme", "grade", "line_manager_request__message")
        .prefetch_related("themes")
        .with_briefed()
        .first()
    )
    if application and not application.is_draft and request.method == "GET":
        return _application_status(request, application)
    # Save or Submit on the form (not "Yes" on the confirmation, which typed nothing).
    typed = request.method == "POST" and request.POST.get("send") != "yes"
    if typed and (programme.has_ended or (application and not application.is_draft)):
        return _not_saved(request, programme, application)
    if programme.has_ended:
        # Over, not paused: nothing is started, saved or sent in it any more.
        return _ended_page(request, programme, application)
    if request.method == "POST" and request.POST.get("send") == "yes":
        return _send(request, programme, application)

    initial = {"department": request.user.department} if application is None else None
    form = MentorApplicationForm(
        # Bound on every POST, an empty one too (its token in a header): its answers are read.
        request.POST if request.method == "POST" else None,
        instance=application,
        initial=initial,
        programme=programme,
        applicant=request.user,
    )
    if request.method != "POST":
        return _apply_page(request, programme, form, application)
    form.is_valid()
    refused = form.refused()  # kept on the page to fix, not in the draft
    try:
        # Every valid answer is kept, whatever else is refused or missing.
        application = application_save_draft(
            programme=programme,
            applicant=request.user,
            answers=form.answers(),
            themes=form.cleaned_data.get("themes"),
        )
    except ApplicationError as error:
        if _sent_meanwhile(application):
            # From a tab opened before it was sent: its own page, not the draft's form again.
            return _application_status(request, application, refused=str(error), posted=form)
        form.add_error(None, str(error))
        return _apply_page(request, programme, form, application, intro="Nothing was saved.")
    sending = "submit" in request.POST
    if sending and not programme.is_recruiting:
        # Closed since the page was drawn: no answer to fix would send it. The page now says
        # recruitment has closed, and offers no Submit.
        sending = False
        if not refused:
            messages.warning(request, "Your draft is saved, but it was not sent: " + CLOSED_NOW)
            return redirect(apply_url(programme))
    if not sending and not refused:
        messages.success(request, "Your draft is saved. Come back to it whenever you like.")
        return redirect(apply_url(programme))
    # Sending: every problem at once, the answers still missing beside those refused.
    if sending and form.require_complete():
        if problem := submit_problem(application):
            form.add_error(None, problem)
        else:
            # Sending emails people (a line manager among them): asked first, naming them.
            context = {
                "application": application,
                "programme": programme,
                "shown": draft_stamp(application),
                "verdict": application.verdict,
            }
            return render(request, "mentoring/apply_confirm.html", context)
    intro = _saved_in_words(refused, sending=sending)
    return _apply_page(request, programme, form, application, intro=intro)


CLOSED_NOW = "recruitment has closed since the page was opened."
NONE_NOW = "No programme is taking applications now, so your answers were not saved."


def _none_takes_applications(request):
    """/apply/ while no programme runs (a fixed address, which emails link to): to anyone,
    signed in or not, that none takes applications and what to do meanwhile. To someone
    who would not be offered the next one either (`why_cannot_apply`), why not; to someone
    who applied before, a link to their newest application, which still opens at its
    programme's address. A form sent here from a page opened while a programme ran is not
    saved: what it had typed is shown back, to copy."""
    user, refusal, application = request.user, None, None
    if user.is_authenticated:
        # Nothing here is refused, only said: the navigation's facts answer, as on the
        # programme page.
        refusal = why_cannot_apply(user, None, shown_only=True)
        application = _newest_application_to_read(user, refusal)
    context = {"as": refusal.reason if refusal else "", "application": application}
    if request.method == "POST":
        context |= {
            # Said once: the summary's one line, above what was typed.
            "forms": [problem_form(NONE_NOW)],
            "typed": typed_in_any_form(request.POST, request.path_info),
        }
    return render(request, "mentoring/apply_no_programme.html", context)


def _newest_application_to_read(user, refusal) -> MentorApplication | None:
    """The person's newest application that /apply/ opens for them (`why_cannot_apply`):
    in a published programme; none for a coordinator; for a board member, the newest they
    may still read (`board_member_may_read`). Theirs are a handful (one a programme at most),
    read in one query."""
    if refusal and refusal.reason == "coordinator":
        return None
    applications = (
        MentorApplication.objects.filter(applicant=user)
        .exclude(programme__status=ProgrammeStatus.DRAFT)
        .select_related("programme")
        .order_by("-created_at")
    )
    if not refusal:
        return applications.first()
    readable = (a for a in applications if board_member_may_read(a, refusal.boards))
    return next(readable, None)


def _saved_in_words(refused: list[str], *, sending: bool) -> str:
    """What the error summary says was kept: the draft, less the answers `refused`."""
    if sending:
        next_step = "To submit, fix the answers below."
    else:
        next_step = f"Fix {'them' if len(refused) > 1 else 'it'} below, then save again."
    if not refused:
        return f"Your draft is saved. {next_step}"
    questions = get_text_list([f"“{label}”" for label in refused], "and")
    if len(refused) == 1:
        return (
            f"Your draft is saved, except your answer to {questions}: it was not saved. {next_step}"
        )
    return (
        f"Your draft is saved, except your answers to {questions}: they were not saved. {next_step}"
    )


def _apply_page(request, programme, form, application, *, intro: str = ""):
    return render(
        request,
        "mentoring/apply.html",
        {
            "form": form,
            "forms": [form],
            "programme": programme,
            "recruiting": _recruiting_for(request.user),
            # The verdict on the answers saved; none before there is a draft.
            "verdict": application.verdict if application else None,
            # Said once, above the list of what to fix: what was kept, and what was not.
            "summary_intro": intro,
        },
    )


def _recruiting_for(user) -> list[Programme]:
    """The programmes recruiting mentors that `user` may apply to (`programmes_open_to`),
    newest first, for the application form to offer a choice: /apply/ opens the newest,
    `?programme=` the others. None when only one recruits, and the page is as it was. One
    query."""
    recruiting = programmes_open_to(user, Programme.objects.recruiting())
    return recruiting if len(recruiting) > 1 else []


# Where a sent application stands when another programme is not offered beside it: the
# same answers, or the same line manager, would stop the next one too.
NOT_OFFERED_ELSEWHERE = {"ineligible", "line_manager_declined"}


def _recruiting_besides(user, application, stage: str) -> list[Programme]:
    """The other programmes recruiting mentors now that `user`, who sent `application`, may
    apply to (`programmes_open_to`) and has sent nothing to (a draft there is theirs to
    finish), newest first: the page of the sent application offers them in one line. One
    query, however many recruit; none at a `stage` (mentoring.stages.application_stage) in
    NOT_OFFERED_ELSEWHERE."""
    if stage in NOT_OFFERED_ELSEWHERE:
        return []
    sent_there = MentorApplication.objects.sent().filter(programme=OuterRef("pk"), applicant=user)
    others = (
        Programme.objects.recruiting()
        .exclude(pk=application.programme_id)
        .exclude(Exists(sent_there))
    )
    return programmes_open_to(user, others)


def _not_saved(request, programme, application):
    """Save or Submit from a tab opened before the application was sent or withdrawn, or
    before the programme ended: nothing is saved, and the page /apply/ now shows says why,
    with what was typed shown back to copy. The form is not validated: that would write
    what was typed into `application`, whose answers the page reads back as saved."""
    posted = MentorApplicationForm(request.POST, programme=programme, applicant=request.user)
    if application is not None and not application.is_draft:
        return _application_status(
            request, application, refused=locked_message(application), posted=posted
        )
    return _ended_page(
        request, programme, application, refused=ended_message(programme), posted=posted
    )


def _ended_page(request, programme, application, *, refused: str = "", posted=None):
    """/apply/ for a programme the office has closed: it takes no more applications, so a
    draft is only read back; a sent application has its own page. With `refused`, why a
    save (the `posted` form) was refused, and what it had typed, to copy."""
    if application is not None and not application.is_draft:
        return redirect(apply_url(programme))
    answers = None
    if application is not None:
        form = MentorApplicationForm(
            instance=application, programme=programme, applicant=request.user
        )
        answers = form.answers_to_read()
    return render(
        request,
        "mentoring/apply_ended.html",
        {"programme": programme, "answers": answers, **_save_refused(refused, posted)},
    )


def _send(request, programme, application):
    """Send the draft the confirmation page showed (its `shown` stamp): not one changed
    since, in another tab, which is shown again to check."""
    if application is None or not application.is_draft:
        return redirect(apply_url(programme))
    try:
        # Compared under the service's lock: a save from another tab cannot slip between.
        application_submit(application=application, shown=request.POST.get("shown", ""))
    except ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Thank you. Your application has been submitted.")
    return redirect(apply_url(programme))


def _refused(request, programme, refusal):
    """Who may not apply reads why, and where they stand instead: a board member their
    pair, or else their profile and briefing; one on the board at another address of
    theirs, that address (as `why_cannot_apply` found it)."""
    reason = refusal.reason
    standing = member_standing(request.user, programme) if reason == "board member" else {}
    return render(
        request,
        "mentoring/apply_refused.html",
        {"programme": programme, "as": reason, "addresses": refusal.addresses, **standing},
        status=403,
    )


def _sent_meanwhile(application) -> bool:
    """Whether the application a save was refused for has been sent or withdrawn: in
    another tab, before this page was drawn or while this request ran."""
    if application is None:
        return False
    if application.is_draft:
        application.refresh_from_db()
    return not application.is_draft


def _application_status(request, application, *, refused: str = "", posted=None):
    """A sent application, read-only: where it stands, the verdict it was sent under (the
    office's, even if the criteria have changed since: `MentorApplication.verdict`) and every
    answer. Once the pair ran its course, the place they hold in a later programme, where
    what happens next is said to be (`after_pair_ended`: one query then, none otherwise); the
    other programmes recruiting now that they could apply to as well (`_recruiting_besides`).
    With `refused`, why a save (the `posted` form) was refused: what it had typed is shown
    back to copy, as nothing of it was saved."""
    form = MentorApplicationForm(
        instance=application, programme=application.programme, applicant=request.user
    )
    pairs = mentor_pairs_for(application, request.user)
    pair = pairs[0] if pairs else None
    stage = application_stage(application, pair=pair)
    return render(
        request,
        "mentoring/application_status.html",
        {
            "application": application,
            "stage": stage,
            "pair": pair,
            "pairs": pairs,
            "place_elsewhere": after_pair_ended(request.user, pair),
            "briefing": mentor_briefing(application, stage),
            "recruiting_besides": _recruiting_besides(request.user, application, stage),
            "answers": form.answers_to_read(),
            **_save_refused(refused, posted),
        },
    )


def _save_refused(refused: str, posted) -> dict:
    """For a page drawn after a save was refused (`refused` says why): its error summary,
    and what the `posted` form had typed, as nothing of it was saved."""
    if not refused:
        return {}
    return {
        "forms": [problem_form(refused)],
        "summary_intro": "Nothing was saved.",
        "typed": typed_to_read(posted.data, [posted]),
    }


@login_required
@never_cache
def withdraw(request):
    """Withdrawing cannot be undone and ends the mentor's pairs, so the page first says what
    will happen; only the POST from its button (with `confirm`) changes anything."""
    slug = request.POST.get("programme") or request.GET.get("programme")
    programme = programme_to_apply_to(request, slug)
    application = (
        MentorApplication.objects.filter(programme=programme, applicant=request.user)
        .select_related("programme")
        .first()
        if programme is not None
        else None
    )
    if application is None or not application.can_withdraw:
        messages.error(request, "There is no application in progress to withdraw.")
        return redirect("dashboard")
    if request.method == "POST" and "confirm" in request.POST:
        # Read before the pairs end: whom of their board members withdrawing emails.
        members = [
            pair.board_member.user
            for pair in Match.objects.active()
            .filter(mentor=application)
            .select_related("board_member__user")
        ]
        if application_withdraw(application=application):
            not_told = not_told_said(members)
            said = f"{not_told}. " if not_told else ""
            messages.success(
                request, f"Your application is withdrawn. {said}Thank you for your interest."
            )
        else:
            messages.error(request, "There is no application in progress to withdraw.")
        return redirect("dashboard")
    # With how many of each pair's meetings are still to come: those the ending calls off.
    pairs = (
        Match.objects.active()
        .filter(mentor=application)
        .select_related("board_member__user")
        .annotate(
            meetings_ahead=Count(
                "meetings",
                # Meeting.objects.upcoming(), through the pair: what meetings_drop_upcoming ends.
                filter=Q(meetings__status__in=UPCOMING, meetings__starts_at__gt=timezone.now()),
            )
        )
    )
    pairs = list(pairs)
    for pair in pairs:
        pair.not_told = not_told_said([pair.board_member.user], done=False)
    places = mentor_places_ahead(application).select_related("event").order_by("event__starts_at")
    return render(
        request,
        "mentoring/withdraw_confirm.html",
        {"application": application, "pairs": pairs, "places": list(places)},
    )


@typed_in(LineManagerAnswerForm)
@never_cache
def line_manager_answer_view(request, token):
    line_request = (
        LineManagerRequest.objects.filter(token_hash=hash_token(token))
        .select_related("application__applicant", "application__programme")
        .first()
    )
    if line_request is None:
        return render(request, "mentoring/line_manager_unknown.html", status=404)
    applicant = line_request.application.applicant
    if approves_own_application(applicant=applicant, approver=request.user):
        # The applicant opened their line manager's link: no form they could not send, nor
        # thanks for an answer that was not theirs.
        context = {"line_request": line_request}
        return render(request, "mentoring/line_manager_own.html", context, status=403)
    if line_request.is_answered:
        return render(request, "mentoring/line_manager_done.html", {"line_request": line_request})
    refused = answer_refused(line_request)
    if refused or not line_request.is_open:
        context = {"line_request": line_request, "refused": refused}
        return render(request, "mentoring/line_manager_closed.html", context)
    form = LineManagerAnswerForm(
        request.POST or None,
        office_emailed_on_yes=line_manager_agreement_emails_office(
            line_request.application.programme
        ),
    )
    # "No" ends the colleague's application and cannot be taken back: asked once more first.
    confirming = (
        request.method == "POST"
        and form.is_valid()
        and form.cleaned_data["decision"] is False
        and request.POST.get("confirm") != "no"
    )
    if request.method == "POST" and form.is_valid() and not confirming:
        try:
            line_manager_answer(
                request=line_request,
                agreed=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                answered_by=request.user,
            )
        except OwnApplicationError as error:
            form.add_error(None, str(error))
        except ApplicationError:
            pass  # answered meanwhile, in another tab: the page we redirect to says so
        if not form.errors:
            return redirect(request.path)
    return render(
        request,
        "mentoring/line_manager_answer.html",
        {"form": form, "line_request": line_request, "confirming": confirming},
    )
