from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from mentoring.access import board_member_for_user
from mentoring.forms.mentees import BoardMemberProfileForm
from mentoring.services.mentees import board_member_profile_save


@login_required
def profile(request):
    member = board_member_for_user(request.user, request.GET.get("programme"))
    form = BoardMemberProfileForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        board_member_profile_save(
            member=member, answers=form.answers(), themes=form.cleaned_data["themes"]
        )
        messages.success(request, "Your profile is saved.")
        return redirect("dashboard")
    return render(request, "mentoring/profile.html", {"form": form, "member": member})
