from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from mentoring.models import MentorApplication, Programme


@login_required
def dashboard(request):
    applications = (
        MentorApplication.objects.filter(applicant=request.user)
        .select_related("programme", "line_manager_request")
        .order_by("-created_at")
    )
    current = Programme.objects.current()
    applied_to_current = current is not None and any(
        application.programme_id == current.pk for application in applications
    )
    return render(
        request,
        "mentoring/dashboard.html",
        {
            "applications": applications,
            "current_programme": current,
            "invite_to_apply": current is not None
            and current.is_recruiting
            and not applied_to_current,
        },
    )
