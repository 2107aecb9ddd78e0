"""Messages to a group of a programme: the current one unless the office chooses another it
may write to (`Programme.objects.written_to`: one still running beside a newer cohort, or
closed with pairs still meeting). Adding one is writing it: compose, preview exactly who
receives it, confirm; only then is anybody emailed, in the programme the preview named.
Sent messages are a record."""

import uuid

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from accounts.admin_base import ModelAdmin
from accounts.bounds import posted_number
from accounts.refused import PageForms
from mentoring.forms.cohorts import OUT_OF_DATE, CohortMessageForm
from mentoring.models import CohortMessage, Programme
from mentoring.models.programmes import chosen_programme
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
    # What is written is in the form of `add_view`, not the admin's own.
    typed_in = PageForms(CohortMessageForm)

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
        offered = list(Programme.objects.written_to())
        # The one chosen travels with the form, so "Send" writes in the one the preview named.
        chosen = posted_number(request.POST.get("programme") or request.GET.get("programme"))
        # Unless one is chosen, the current programme, else one closed with pairs.
        programme = chosen_programme(offered, chosen)
        if programme is None:
            messages.error(
                request,
                "That programme cannot be written to: it is neither active nor closed with "
                "pairs still meeting."
                if chosen
                else "There is no programme to write to: none is active or has pairs meeting.",
            )
            return redirect(changelist)
        step = request.POST.get("step")
        form = CohortMessageForm(
            request.POST if step in ("preview", "confirm", "edit") else None,
            programme=programme,
            initial={"token": uuid.uuid4()},
        )
        if form.out_of_date:
            # Said once, at the top, as other pages out of date say it; nothing is sent.
            messages.error(request, OUT_OF_DATE)
            form = form.opened_again()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "programme": programme,
            "others": [each for each in offered if each.pk != programme.pk],
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
