"""The programme report page, in the programme office (wired in config/urls.py, inside
`admin.site.admin_view`, so only signed-in staff who passed the second factor reach it)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from evaluation.models import Survey
from evaluation.report import programme_report
from mentoring.models import Programme


def report_view(request, slug):
    # Coordinators (and superusers): the people who may see the programme in the admin.
    if not request.user.has_perm("mentoring.view_programme"):
        raise PermissionDenied
    programme = get_object_or_404(Programme, slug=slug)
    context = {
        **admin.site.each_context(request),
        "title": f"Programme report: {programme.name}",
        "programme": programme,
        # The surveys' results to whoever may see surveys, as their own page asks it.
        "report": programme_report(
            programme,
            with_surveys=admin.site.get_model_admin(Survey).has_view_permission(request),
        ),
    }
    return TemplateResponse(request, "evaluation/report.html", context)
