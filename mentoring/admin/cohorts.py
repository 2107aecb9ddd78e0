"""Messages to a group of the current programme. Adding one is writing it: compose, preview
exactly who receives it, confirm; only then is anybody emailed. Sent messages are a record."""

import uuid

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from accounts.admin_base import ModelAdmin
from mentoring.forms.cohorts import CohortMessageForm
from mentoring.models import CohortMessage, Programme
from mentoring.selectors.cohorts import cohort_recipients, recipients_fingerprint
from mentoring.services.cohorts import CohortMessageError, cohort_message_send


@admin.register(CohortMessage)
class CohortMessageAdmin(ModelAdmin):
    list_display = ["subject", "audience_in_words", "recipient_count", "sent_by", "sent_at"]
    list_filter = ["programme", "audience"]
    list_select_related = ["programme", "event", "sent_by"]
    search_fields = ["subject"]
    fields = [
        "programme",
        "audience_in_words",
        "subject",
        "body",
        "recipient_count",
        "sent_by",
        "sent_at",
    ]
    readonly_fields = fields

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="sent to", ordering="audience")
    def audience_in_words(self, obj):
        return obj.audience_in_words

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        changelist = reverse("admin:mentoring_cohortmessage_changelist")
        programme = Programme.objects.current()
        if programme is None:
            messages.error(request, "There is no active programme to write to.")
            return redirect(changelist)
        step = request.POST.get("step")
        form = CohortMessageForm(
            request.POST if step in ("preview", "confirm", "edit") else None,
            programme=programme,
            initial={"token": uuid.uuid4()},
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "programme": programme,
            "form": form,
        }
        if step in ("preview", "confirm") and form.is_valid():
            data = form.cleaned_data
            recipients = list(
                cohort_recipients(
                    programme=programme, audience=data["audience"], event=data["event"]
                )
            )
            if step == "confirm":
                try:
                    message, sent_now = cohort_message_send(
                        programme=programme,
                        audience=data["audience"],
                        event=data["event"],
                        subject=data["subject"],
                        body=data["body"],
                        sent_by=request.user,
                        token=data["token"],
                        fingerprint=request.POST.get("fingerprint", ""),
                    )
                except CohortMessageError as error:
                    messages.error(request, str(error))
                else:
                    if sent_now:
                        self.message_user(
                            request,
                            f"Sent to {message.recipient_count} "
                            f"{'person' if message.recipient_count == 1 else 'people'}: "
                            "each email waits in the outbox until the mail server takes it.",
                        )
                    else:
                        sent_at = timezone.localtime(message.sent_at)
                        self.message_user(
                            request,
                            f"This message was already sent on {sent_at:%d %b %Y at %H:%M}; "
                            "nobody was emailed again.",
                            messages.WARNING,
                        )
                    return redirect(changelist)
            return TemplateResponse(
                request,
                "admin/mentoring/cohortmessage/preview.html",
                {
                    **context,
                    "title": "Check who receives this message",
                    "recipients": recipients,
                    "fingerprint": recipients_fingerprint(recipients),
                    "audience": dict(form.fields["audience"].choices)[data["audience"]],
                },
            )
        return TemplateResponse(
            request,
            "admin/mentoring/cohortmessage/compose.html",
            {**context, "title": f"Write to a group of {programme.name}"},
        )
