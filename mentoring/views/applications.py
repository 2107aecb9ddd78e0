import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.tokens import hash_token
from mentoring.access import programme_to_apply_to
from mentoring.forms.applications import LineManagerAnswerForm, MentorApplicationForm
from mentoring.models import BoardMember, LineManagerRequest, MentorApplication
from mentoring.services.applications import (
    ApplicationError,
    application_save_draft,
    application_submit,
    application_withdraw,
    line_manager_answer,
)


@login_required
@never_cache
def apply(request):
    programme = programme_to_apply_to(request, request.GET.get("programme"))
    if request.user.is_coordinator:
        return render(
            request,
            "mentoring/apply_refused.html",
            {"programme": programme, "as": "coordinator"},
            status=403,
        )
    if BoardMember.objects.for_user(request.user).filter(programme=programme).exists():
        return render(
            request,
            "mentoring/apply_refused.html",
            {"programme": programme, "as": "board member"},
            status=403,
        )
    application = (
        MentorApplication.objects.filter(programme=programme, applicant=request.user)
        .select_related("grade", "line_manager_request")
        .prefetch_related("themes")
        .first()
    )
    if application and not application.is_draft and request.method == "GET":
        return render(request, "mentoring/application_status.html", {"application": application})

    initial = {"department": request.user.department} if application is None else None
    form = MentorApplicationForm(
        request.POST or None,
        instance=application,
        initial=initial,
        programme=programme,
        applicant=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = application_save_draft(
                programme=programme,
                applicant=request.user,
                answers=form.answers(),
                themes=form.cleaned_data["themes"],
            )
        except ApplicationError as error:
            form.add_error(None, str(error))
        else:
            if "submit" not in request.POST:
                messages.success(request, "Your draft is saved. Come back to it whenever you like.")
                return redirect(_apply_url(programme))
            if form.require_complete():
                try:
                    application_submit(application=application)
                except ApplicationError as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(request, "Thank you. Your application has been submitted.")
                    return redirect(_apply_url(programme))
    verdict = form.instance.eligibility if form.instance.pk else None
    return render(
        request,
        "mentoring/apply.html",
        {"form": form, "programme": programme, "verdict": verdict},
    )


def _apply_url(programme) -> str:
    return f"{reverse('apply')}?programme={programme.slug}"


@login_required
@require_POST
def withdraw(request):
    programme = programme_to_apply_to(request, request.POST.get("programme"))
    application = MentorApplication.objects.filter(
        programme=programme, applicant=request.user
    ).first()
    if application is not None and application_withdraw(application=application):
        messages.success(request, "Your application is withdrawn. Thank you for your interest.")
    else:
        messages.error(request, "There is no application in progress to withdraw.")
    return redirect("dashboard")


@never_cache
def line_manager_answer_view(request, token):
    line_request = (
        LineManagerRequest.objects.filter(token_hash=hash_token(token))
        .select_related("application__applicant", "application__programme")
        .first()
    )
    if line_request is None:
        return render(request, "mentoring/line_manager_unknown.html", status=404)
    if line_request.is_answered:
        return render(request, "mentoring/line_manager_done.html", {"line_request": line_request})
    form = LineManagerAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # If it was answered meanwhile, in another tab, the page we redirect to says so.
        with contextlib.suppress(ApplicationError):
            line_manager_answer(
                request=line_request,
                agreed=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        return redirect(request.path)
    return render(
        request, "mentoring/line_manager_answer.html", {"form": form, "line_request": line_request}
    )
