from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from accounts.models import User
from accounts.refused import typed_in
from accounts.stale_edits import opened_as
from accounts.statements import Statement
from mentoring.access import board_member_for_user, parts_for_nudges
from mentoring.forms.mentees import BoardMemberProfileForm
from mentoring.forms.profile import AccountDetailsForm, NudgesForm
from mentoring.models import MentorApplication
from mentoring.navigation import parts_kept
from mentoring.selectors import parts_of
from mentoring.services.applications import AccountGoneError, account_details_save
from mentoring.services.mentees import (
    BoardMemberError,
    ProfileChanged,
    board_member_profile_save,
)
from mentoring.services.pairs import calendar_feed_for

# The page's sections, each saved by its own button, as the page names them. The page is one
# <form>: whichever button is pressed, what was typed in the other sections comes with it and
# is drawn again, not saved, with a note naming it (`_profile_page`), so nothing is lost.
SECTIONS = {
    "profile": ("your programme profile", "Save my profile"),
    "details": ("your details", "Save my details"),
    "nudges": ("the emails we send you", "Save my choice"),
}
# What the page sends, to whichever section's address: every section's boxes, the account's
# details named apart beside a programme profile's (`AccountDetailsForm`'s prefix).
typed_in_sections = typed_in(
    BoardMemberProfileForm,
    AccountDetailsForm,
    NudgesForm,
    account=("Your details", AccountDetailsForm),
)


def _sent_application_of(person: int):
    # As `.first()` reads it: the newest first, by the model's own order.
    return MentorApplication.objects.sent().filter(applicant=person).select_related("programme")[:1]


# The application that someone's profile page names, if they are no board member: SQL worked
# out once per process (accounts.statements). Built and compiled by the ORM on each visit
# (a programme has some thirty columns), it took a quarter of a mentor's profile page.
_SENT_APPLICATION = Statement(_sent_application_of)


def sent_application(person: User):
    """The person's newest application sent (not a draft), with its programme; None if none."""
    return next(iter(_SENT_APPLICATION.fetch(person=person.pk)), None)


@typed_in_sections
@never_cache
@login_required
def profile(request):
    """A board member's profile for matching; for everyone else (mentors, applicants,
    coordinators, other staff) their account details and their calendar address. Everyone
    changes their details here (`profile_details`). Whoever the optional nudges could still
    reach (`mentoring.selectors.partnering`: in a pair whose reminders go out, or still to
    be paired in a programme not ended) also chooses here whether they get them; nobody
    else is offered them."""
    programme = request.GET.get("programme")
    # Which form to show may come from the kept facts; which one a change is saved with not.
    parts = parts_kept(request.user) if request.method == "GET" else parts_of(request.user)
    if not parts["board_member"]:
        if request.method == "POST":  # their details go to profile_details
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return _profile_page(request, parts)
    member = board_member_for_user(request.user, programme)
    form = BoardMemberProfileForm(request.POST or None, instance=member, pairing=member.pairing)
    if request.method == "POST" and form.is_valid():
        try:
            board_member_profile_save(
                member=member,
                answers=form.answers(),
                themes=form.cleaned_data["themes"],
                seen=opened_as(form),
            )
        except ProfileChanged as error:  # saved in another tab since: shown again as typed
            form.add_error(None, error.said(reopen=request.get_full_path()))
            return _profile_page(request, parts, member=member, profile=form)
        except BoardMemberError as error:  # the account was deleted while this was sent
            messages.error(request, str(error))
            return redirect("home")
        messages.success(request, "Your profile is saved.")
        return _profile_page(request, parts, saved="profile", member=member) or redirect(
            "dashboard"
        )
    return _profile_page(request, parts, member=member, profile=form)


@typed_in_sections
@never_cache
@login_required
def profile_details(request):
    """Save the person's account details, whoever they are (AccountDetailsForm asks each
    what is theirs to give there). Opened in the browser (after a failed save, say), it is
    the profile page's section."""
    if request.method != "POST":
        return _to_the_section(request, "account-heading")
    parts = parts_of(request.user)
    # A copy, so that a rejected change does not show in the navigation meanwhile.
    person = User.objects.get(pk=request.user.pk)
    account = AccountDetailsForm(request.POST, instance=person, parts=parts)
    if not account.is_valid():
        return _profile_page(request, parts, details=account)
    account.save(commit=False)
    try:
        account_details_save(person=person, fields=list(account.fields))
    except AccountGoneError as error:
        messages.error(request, str(error))
        return redirect("home")
    request.user.refresh_from_db(fields=["full_name", "job_title", "department"])
    messages.success(request, "Your details are saved.")
    return _profile_page(request, parts, saved="details") or redirect("profile")


@typed_in_sections
@never_cache
@login_required
def profile_nudges(request):
    """Switch the nudges on or off; 404 for someone no nudge could reach, who is not offered
    the choice (`parts_for_nudges`). Opened in the browser, it is the profile page's
    section."""
    if request.method != "POST":
        return _to_the_section(request, "nudges-heading")
    parts = parts_for_nudges(request.user)
    nudges = NudgesForm(request.POST, person=request.user)
    if not nudges.is_valid():
        return _profile_page(request, parts, nudges=nudges)
    nudges.save()
    if request.user.wants_nudges:
        messages.success(
            request, "Nudges are on: we will email you when a meeting is due and nothing is booked."
        )
    else:
        messages.success(
            request,
            "Nudges are off. You will still be reminded of the meetings and events you have "
            "booked.",
        )
    return _profile_page(request, parts, saved="nudges") or redirect("profile")


def _to_the_section(request, anchor: str):
    """Where a GET of a section's own address goes: that section of the profile page."""
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    return redirect(f"{reverse('profile')}{query}#{anchor}")


def _profile_page(request, parts: dict, *, saved: str | None = None, member=None, **given):
    """The profile page for the person's `parts`: the section being saved as `given` (bound,
    with its errors), the other sections as typed when this request carries them, else as
    saved. `saved`: the section just saved, when there is nothing else to draw: None when no
    other section was changed (the caller redirects)."""
    posted = request.POST.getlist("section") if request.method == "POST" else []
    saving = saved or next(iter(given), None)
    if parts["board_member"] and member is None:
        member = board_member_for_user(request.user, request.GET.get("programme"))
    makers = {
        "profile": lambda data, **kw: BoardMemberProfileForm(
            data, instance=member, pairing=member.pairing, **kw
        ),
        "details": lambda data, **kw: AccountDetailsForm(
            data, instance=request.user, parts=parts, **kw
        ),
        "nudges": lambda data, **kw: NudgesForm(data, person=request.user, **kw),
    }
    shown = {
        "profile": parts["board_member"],
        "details": True,
        "nudges": parts["nudges_reach"],
    }
    forms, unsaved = {}, []
    for name, make in makers.items():
        if not shown[name]:
            forms[name] = None
        elif name in given:
            forms[name] = given[name]
        elif name != saving and name in posted:
            forms[name], changed = _kept(make, request.POST)
            if changed:
                unsaved.append(SECTIONS[name])
        else:
            forms[name] = make(None)
    if saved and not unsaved:
        return None
    context = {
        "nudges": forms["nudges"],
        "account": forms["details"],
        "feed": calendar_feed_for(request.user),
        "unsaved": unsaved,
        # Which programme's profile the page is about, for every button to say where it saves.
        "query": f"?programme={member.programme.slug}"
        if member and request.GET.get("programme")
        else "",
        "forms": [form for form in forms.values() if form is not None],
    }
    if not parts["board_member"]:
        context["application"] = sent_application(request.user)
        return render(request, "mentoring/profile_account.html", context)
    return render(
        request, "mentoring/profile.html", {**context, "form": forms["profile"], "member": member}
    )


def _kept(make, data) -> tuple:
    """A section typed but not being saved: (its form drawn with what was typed, whether
    anything in it changed). What was typed is the form's starting values, not its data, so
    it is checked only when its own button is pressed (no errors meanwhile)."""
    typed = make(data)
    as_typed = {name: typed[name].value() for name in typed.fields}
    return make(None, initial=as_typed), typed.has_changed()
