"""Logging a meeting: whether it took place, for how long, the themes, the person's notes,
new action steps, corrections to the steps agreed at it, and the review of the steps from
earlier meetings. One page of several forms, saved all at once by `meeting_log`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.views.decorators.cache import never_cache

from accounts.escaping import escaped_text
from accounts.refused import typed_in
from mentoring.access import meeting_for_user
from mentoring.forms.meetings import (
    ActionCorrectionForm,
    ActionStepForm,
    ActionStepFormSet,
    LogForm,
    ReviewForm,
)
from mentoring.models import Meeting
from mentoring.selectors.pairs import PairView, actions_agreed_at, actions_to_review, pair_view
from mentoring.services.meetings import (
    LogChanged,
    MeetingError,
    log_changed_since,
    log_fingerprint,
    log_sent_again,
    log_stamp,
    meeting_log,
    not_held_refused,
    why_not_loggable,
)
from mentoring.views.pairs import not_saved, read_only

INCOMPLETE = "The form arrived incomplete."


class Refused(Exception):
    """What was sent cannot be saved, whatever is corrected in it: the log was saved after
    the page was built (`LogChanged`), or the page's counts of new action steps are
    missing. Its message says why, for the person."""


@typed_in(
    LogForm,
    action=("New action step", ActionStepForm),
    step=("Action step", ActionCorrectionForm),
    review=("Review of action step", ReviewForm),
)
@never_cache
@login_required
def meeting_log_view(request, pk):
    meeting = meeting_for_user(request.user, pk)
    if not meeting.match.is_active:
        return read_only(
            request,
            reverse("meeting_detail", args=[meeting.pk]),
            typed=lambda: LogPage(meeting, pair_view(meeting.match, request.user), None).forms,
            back="Back to the meeting",
        )
    posted = request.POST if request.method == "POST" else None
    if not meeting.can_be_logged and posted is None:
        messages.error(request, why_not_loggable(meeting, request.user))
        return redirect("meeting_detail", meeting.pk)
    pair = pair_view(meeting.match, request.user)
    if not pair.both_agreed_any:
        messages.error(request, pair.log_refused)
        return redirect("match")
    if not meeting.can_be_logged:
        # Called off while the log was being written (the partner dropped it): refused as
        # a save for an ended pair is, showing back what was typed, to copy.
        return not_saved(
            request,
            why_not_loggable(meeting, request.user),
            title="The meeting was not logged",
            typed=lambda: LogPage(meeting, pair, None).forms,
            to=reverse("meeting_detail", args=[meeting.pk]),
            back="Back to the meeting",
        )
    page = LogPage(meeting, pair, posted)
    if posted is not None:
        try:
            saved = page.save(by=request.user)
        except Refused as refused:
            # Not a form to correct and send again (it would be refused again): what was
            # typed is shown back, to copy into the log opened afresh.
            return not_saved(
                request,
                str(refused),
                title="The meeting's log was not saved",
                typed=lambda: LogPage(meeting, pair, None).forms,
                to=reverse("meeting_log", args=[meeting.pk]),
                back="Open the meeting's log as it is now",
            )
        if saved:
            messages.success(request, "The meeting is logged.")
            return redirect("meeting_detail", meeting.pk)
    return render(
        request,
        "mentoring/meeting_log.html",
        {
            "meeting": meeting,
            "pair": pair,
            "log_form": page.log_form,
            "actions": page.actions,
            "reviews": page.reviews,
            "agreed": page.agreed,
            "forms": page.forms,
            "log_stamp": log_stamp(meeting),
        },
    )


class LogPage:
    """The log page's forms, bound to what was sent (`data`) or, on a first visit, not."""

    def __init__(self, meeting: Meeting, pair: PairView, data):
        self.meeting = meeting
        self.data = data
        to_review = actions_to_review(meeting)
        self.log_form = _log_form(meeting, pair.me, data, _reviewed_here(to_review))
        names = _owner_names(pair)
        self.actions = ActionStepFormSet(
            data, prefix="action", form_kwargs={"names": names, "meeting_day": meeting.day}
        )
        self.agreed = [
            ActionCorrectionForm(
                data,
                action=step,
                removable=not step.reviewed,
                names=names,
                meeting_day=meeting.day,
            )
            for step in actions_agreed_at(meeting)
        ]
        self.reviews = [
            ReviewForm(data, action=action, initial=_review_initial(action)) for action in to_review
        ]
        self._name_in_the_summary()

    @property
    def forms(self) -> list:
        return [self.log_form, *self.reviews, *self.agreed, *self.actions.forms]

    def _name_in_the_summary(self) -> None:
        """The error summary says which action step each message is about."""
        for number, form in enumerate(self.actions.forms, start=1):
            form.summary_prefix = f"New action step {number}: "
        for form in self.agreed:
            form.summary_prefix = f"Action step “{Truncator(form.action_step.text).chars(40)}”: "
        for form in self.reviews:
            form.summary_prefix = f"Review of “{Truncator(form.action.text).chars(40)}”: "

    def save(self, *, by) -> bool:
        """Log the meeting with what was sent. False when nothing was saved: the forms then
        say why, and keep what was typed. `Refused` when no correction could save it. True
        also for the log saved already, sent again (a second press on Save): the page it
        was sent from could only be refused now, though what it sent is saved."""
        if not self.actions.management_form.is_valid():
            raise Refused(INCOMPLETE)
        sent = log_fingerprint(meeting=self.meeting, by=by, sent=self.data.lists())
        if log_changed_since(self.meeting, self.data.get("log_stamp")):
            if log_sent_again(self.meeting, sent):
                return True
            raise Refused(str(LogChanged(self.meeting, by)))
        self._say_what_not_held_keeps()
        if not all(form.is_valid() for form in self.forms):
            return False
        log = self.log_form.cleaned_data
        try:
            meeting_log(
                meeting=self.meeting,
                by=by,
                held=log["held"],
                actual_minutes=log["actual_minutes"],
                themes=list(log["themes"]),
                note=log["note"],
                new_actions=[a for a in (f.action() for f in self.actions.forms) if a],
                # A step already reviewed here has no form on the page; one sent anyway
                # (a stale tab, the partner saving first) is refused by the service.
                reviews=[r for r in (f.review() for f in self.reviews) if r],
                corrections=[c for c in (f.correction() for f in self.agreed) if c],
                removals=[f.action_step.pk for f in self.agreed if f.removed()],
                clear_reviews=bool(log.get("clear_reviews")),
                seen_logged_at=self.data.get("log_stamp"),
                sent=sent,
            )
        except LogChanged as error:
            raise Refused(str(error)) from error
        except MeetingError as error:
            # Beside its field where it has one (`NotHeldRefused`: the question "Did the
            # meeting take place?"), else said of the whole log.
            self.log_form.add_error(getattr(error, "field", None), str(error))
            return False
        return True

    def _say_what_not_held_keeps(self) -> None:
        """Said not to have taken place, what the meeting keeps that a meeting that never was
        cannot (`not_held_refused`): said beside the question at once, with whatever else is
        wrong, rather than one refusal per save. The log refuses it too as it saves."""
        if self.log_form["held"].data != "no":
            return
        kept = [form for form in self.agreed if not (form.is_valid() and form.removed())]
        for refused in not_held_refused(
            steps_kept=bool(kept),
            kept_reviewed_later=any(not form.removable for form in kept),
            reviewed_here=bool(self.log_form.reviewed_here),
            # Offered only with reviews to clear (`LogForm`).
            clear_reviews="clear_reviews" in self.log_form.fields
            and self.log_form["clear_reviews"].data,
        ):
            self.log_form.add_error("held", refused)


def _log_form(meeting: Meeting, person, data, reviewed_here: list[str]) -> LogForm:
    """Whether it took place, how long, the themes and the person's own notes, as logged."""
    my_note = meeting.notes.filter(author=person).first()
    return LogForm(
        data,
        themes=meeting.match.programme.themes.all(),
        reviewed_here=reviewed_here,
        initial={
            "held": {"held": "yes", "not_held": "no"}.get(meeting.status),
            "actual_minutes": meeting.actual_minutes or meeting.minutes,
            "themes": list(meeting.themes.all()),
            "note": my_note.text if my_note else "",
        },
    )


def _owner_names(pair: PairView) -> dict[str, str]:
    """Who each side is, as the action steps' "Who does it" offers them."""
    return {
        pair.side: f"{pair.me.get_short_name()} (you)",
        "board_member" if pair.i_mentor else "mentor": pair.partner.get_short_name(),
    }


def _reviewed_here(to_review) -> list[str]:
    """The reviews recorded at the meeting, in words, escaped (a help text is written as
    markup): “Read the staff survey” (done)."""
    return [
        f"“{escaped_text(Truncator(action.text).chars(40))}” "
        f"({action.here[0].get_status_display().lower()})"
        for action in to_review
        if action.here
    ]


def _review_initial(action) -> dict:
    done = action.here[0] if action.here else None
    return {"status": done.status, "note": done.note} if done else {}
