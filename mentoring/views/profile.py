from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render

from mentoring.access import board_member_for_user
from mentoring.forms.mentees import BoardMemberProfileForm
from mentoring.models import BoardMember
from mentoring.services.mentees import board_member_profile_save
from mentoring.services.pairs import calendar_feed_for


@login_required
def profile(request):
    """A board member's profile for matching; for everyone else, their account details and
    their calendar address (the profile questions belong to board members)."""
    programme = request.GET.get("programme")
    if not programme and not BoardMember.objects.for_user(request.user).exists():
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        return render(
            request, "mentoring/profile_account.html", {"feed": calendar_feed_for(request.user)}
        )
    member = board_member_for_user(request.user, programme)
    form = BoardMemberProfileForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        board_member_profile_save(
            member=member, answers=form.answers(), themes=form.cleaned_data["themes"]
        )
        messages.success(request, "Your profile is saved.")
        return redirect("dashboard")
    return render(
        request,
        "mentoring/profile.html",
        {"form": form, "member": member, "feed": calendar_feed_for(request.user)},
    )
