from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from mentoring.access import board_member_for_user
from mentoring.forms.mentees import BoardMemberProfileForm
from mentoring.forms.profile import NudgesForm
from mentoring.models import BoardMember
from mentoring.services.mentees import board_member_profile_save
from mentoring.services.pairs import calendar_feed_for


@never_cache
@login_required
def profile(request):
    """A board member's profile for matching; for everyone else, their account details and
    their calendar address (the profile questions belong to board members). Everyone
    chooses here whether they get the optional nudges."""
    programme = request.GET.get("programme")
    nudges = NudgesForm(person=request.user)
    if not programme and not BoardMember.objects.for_user(request.user).exists():
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        return _profile_page(request, nudges=nudges)
    member = board_member_for_user(request.user, programme)
    form = BoardMemberProfileForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        board_member_profile_save(
            member=member, answers=form.answers(), themes=form.cleaned_data["themes"]
        )
        messages.success(request, "Your profile is saved.")
        return redirect("dashboard")
    return _profile_page(request, nudges=nudges, member=member, form=form)


@never_cache
@login_required
@require_POST
def profile_nudges(request):
    nudges = NudgesForm(request.POST, person=request.user)
    if not nudges.is_valid():
        member = None
        if BoardMember.objects.for_user(request.user).exists():
            member = board_member_for_user(request.user, None)
        form = BoardMemberProfileForm(instance=member) if member else None
        return _profile_page(request, nudges=nudges, member=member, form=form)
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


def _profile_page(request, *, nudges, member=None, form=None):
    context = {"nudges": nudges, "feed": calendar_feed_for(request.user)}
    if member is None:
        return render(request, "mentoring/profile_account.html", {**context, "forms": [nudges]})
    return render(
        request,
        "mentoring/profile.html",
        {**context, "form": form, "member": member, "forms": [form, nudges]},
    )
