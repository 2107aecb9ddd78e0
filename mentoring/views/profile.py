from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.models import User
from mentoring.access import board_member_for_user, parts_for_participant
from mentoring.forms.mentees import BoardMemberProfileForm
from mentoring.forms.profile import AccountDetailsForm, NudgesForm
from mentoring.models import MentorApplication
from mentoring.navigation import parts_kept
from mentoring.selectors import parts_of
from mentoring.services.mentees import board_member_profile_save
from mentoring.services.pairs import calendar_feed_for


@never_cache
@login_required
def profile(request):
    """A board member's profile for matching; for everyone else (mentors, applicants,
    coordinators, other staff) their account details and their calendar address. Everyone
    changes their details here (`profile_details`). Whoever takes part in a programme also
    chooses here whether they get the optional nudges, which are about pairs; nobody else is
    offered them."""
    programme = request.GET.get("programme")
    # Which form to show may come from the kept facts; which one a change is saved with not.
    parts = parts_kept(request.user) if request.method == "GET" else parts_of(request.user)
    if not parts["board_member"]:
        if request.method == "POST":  # their details go to profile_details
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return _profile_page(request, parts)
    member = board_member_for_user(request.user, programme)
    form = BoardMemberProfileForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        board_member_profile_save(
            member=member, answers=form.answers(), themes=form.cleaned_data["themes"]
        )
        messages.success(request, "Your profile is saved.")
        return redirect("dashboard")
    return _profile_page(request, parts, member=member, form=form)


@never_cache
@login_required
@require_POST
def profile_details(request):
    """Save the person's account details, whoever they are (AccountDetailsForm asks each
    what is theirs to give there)."""
    parts = parts_of(request.user)
    # A copy, so that a rejected change does not show in the navigation meanwhile.
    person = User.objects.get(pk=request.user.pk)
    account = AccountDetailsForm(request.POST, instance=person, parts=parts)
    if not account.is_valid():
        return _profile_page(request, parts, account=account)
    account.save()
    messages.success(request, "Your details are saved.")
    return redirect("profile")


@never_cache
@login_required
@require_POST
def profile_nudges(request):
    """Switch the nudges on or off; 404 for someone who takes part in no programme, who is
    never nudged and is not offered the choice."""
    parts = parts_for_participant(request.user)
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
    return redirect("profile")


def _profile_page(request, parts: dict, *, nudges=None, account=None, member=None, form=None):
    """The profile page for the person's `parts`, showing the form given bound (with its
    errors) and the others as saved. Nudges only for someone who takes part in a programme."""
    if nudges is None and any(parts.values()):
        nudges = NudgesForm(person=request.user)
    if account is None:
        account = AccountDetailsForm(instance=request.user, parts=parts)
    context = {"nudges": nudges, "account": account, "feed": calendar_feed_for(request.user)}
    if not parts["board_member"]:
        sent = MentorApplication.objects.sent().filter(applicant=request.user)
        return render(
            request,
            "mentoring/profile_account.html",
            {
                **context,
                "application": sent.select_related("programme").first(),
                "forms": [f for f in (account, nudges) if f is not None],
            },
        )
    if member is None:
        member = board_member_for_user(request.user, None)
    if form is None:
        form = BoardMemberProfileForm(instance=member)
    return render(
        request,
        "mentoring/profile.html",
        {**context, "form": form, "member": member, "forms": [form, account, nudges]},
    )
