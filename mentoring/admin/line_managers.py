"""Line managers' answers, as a list the start page can link to ("waiting over 7 days"), and
asking a line manager again with a new link (at a corrected address, for one request)."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from accounts import bounds
from accounts.admin_base import ModelAdmin, as_shown, named_with_shown
from accounts.admin_readonly import ReadOnlyAdminMixin
from mentoring.line_manager import resend_problem
from mentoring.models import LineManagerRequest
from mentoring.selectors.attention import LINE_MANAGER_WAIT, line_managers_waiting
from mentoring.services.applications import ApplicationError
from mentoring.services.line_managers import line_manager_request_resend


class WaitingFilter(admin.SimpleListFilter):
    title = "answer"
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [
            ("yes", "Waiting for a reply"),
            ("long", f"Waiting over {LINE_MANAGER_WAIT.days} days"),
        ]

    def queryset(self, request, queryset):
        if self.value() not in ("yes", "long"):
            return queryset
        longer_than = LINE_MANAGER_WAIT if self.value() == "long" else timedelta(0)
        return line_managers_waiting(queryset, now=timezone.now(), longer_than=longer_than)


# Of several chosen, why one whose address became the applicant's own is not sent.
READDRESS = (
    "it went to an address that now belongs to the applicant: choose it alone, to give the "
    "line manager's own address"
)

# The address the confirmation named, posted back with "Yes".
SHOWN_EMAIL = "shown_email"


def _recipient(line_request: LineManagerRequest, retyped: str | None) -> dict:
    """A line manager as the confirmation names them: by name, else by the address they are
    sent to (the one typed, if any). The address the request went to is never named as where
    it goes when it is now the applicant's own: it goes where the box below says."""
    if retyped:
        address = retyped
    elif line_request.applicants_own:
        address = None
    else:
        address = line_request.email
    return {
        "name": line_request.application.line_manager_name or address or "Their line manager",
        "email": address or "the address given below",
        "note": f"line manager of {line_request.application.applicant.full_name}",
    }


class AddressForm(forms.Form):
    """The one address a request is sent again to: the same, or corrected."""

    email = forms.EmailField(
        label="Line manager's address",
        help_text="Correct it here if it was wrong; the application shows the new one.",
    )

    def __init__(self, *args, line_request, **kwargs):
        super().__init__(*args, **kwargs)
        self.line_request = line_request
        # Held to what the application keeps, and said beside the box.
        bounds.state_limits(self)

    def clean_email(self):
        email = self.cleaned_data["email"]
        problem = resend_problem(self.line_request, email)
        if problem:
            raise forms.ValidationError(problem)
        return email


def _why_not_open(line_request: LineManagerRequest) -> str:
    if line_request.is_answered:
        return "answered already"
    if line_request.application.programme.has_ended:
        return "the programme has ended"
    if not line_request.application.programme.line_manager_agreement:
        return "the programme no longer asks for the line manager's agreement"
    return f"the application is {line_request.application.status_in_words}"


@admin.register(LineManagerRequest)
class LineManagerRequestAdmin(ReadOnlyAdminMixin, ModelAdmin):
    """Read-only: line managers answer through their link, never through the admin. The
    office may send the request again, with a new link."""

    list_display = ["applicant", "email", "sent_at", "answer", "programme"]
    list_filter = ["application__programme", WaitingFilter, "decision"]
    search_fields = ["application__applicant__full_name", "application__applicant__email", "email"]
    list_select_related = ["application__applicant", "application__programme", "message"]
    fields = ["application", "email", "sent_at", "decision", "reason", "answered_at"]
    readonly_fields = fields
    ordering = ["sent_at"]
    actions = ["send_again"]

    def has_resend_permission(self, request):
        # Whoever decides applications may ask their line managers again.
        return request.user.has_perm("mentoring.change_mentorapplication")

    @admin.display(description="applicant", ordering="application__applicant__full_name")
    def applicant(self, obj):
        return obj.application.applicant.full_name

    @admin.display(description="programme", ordering="application__programme__name")
    def programme(self, obj):
        return obj.application.programme

    @admin.display(description="answer")
    def answer(self, obj):
        return obj.status(obj.application.programme.line_manager_silence_days)

    @admin.action(
        description="Send the selected requests again, with a new link…", permissions=["resend"]
    )
    def send_again(self, request, queryset):
        chosen = list(queryset.select_related("application__applicant", "application__programme"))
        asked = [r for r in chosen if r.is_open and r.application.programme.line_manager_agreement]
        confirmed = request.POST.get("confirmed") == "yes"
        # One request: its address can be corrected on the way. On "Yes", only if its page
        # had the box: of two chosen, one answered since, the other goes to its address.
        boxed = asked if len(asked) == 1 else []
        # Several have no box: one whose address became the applicant's own cannot go there
        # again (`resend_problem`), so it waits to be chosen alone, for its new address.
        readdress = [] if boxed else [r for r in asked if r.applicants_own]
        still_open = [r for r in asked if r not in readdress]
        if confirmed and not {SHOWN_EMAIL, "email"} & set(request.POST):
            boxed = []
        address = None
        if boxed:
            address = AddressForm(
                request.POST if confirmed else None,
                line_request=boxed[0],
                # Not the address that became the applicant's own: it cannot go there again.
                initial={"email": "" if boxed[0].applicants_own else boxed[0].email},
            )
        # "Yes" sends to the address the page named: one typed in its place (Enter, or the
        # button, pressed after correcting it) is named on the page first, nothing sent.
        retyped = None
        if confirmed and address is not None and address.is_valid():
            typed = address.cleaned_data["email"]
            if typed != request.POST.get(SHOWN_EMAIL):
                retyped = typed
        if confirmed and (address is None or address.is_valid()) and retyped is None:
            email = address.cleaned_data["email"] if address else None
            sent, closed = 0, 0
            # Those the confirmation named, as they are now: one answered (or decided) since
            # is counted, not sent.
            for line_request, seen in named_with_shown(request, chosen):
                try:
                    if line_manager_request_resend(
                        request=line_request, by=request.user, email=email, seen=seen
                    ):
                        sent += 1
                    else:
                        closed += 1
                except ApplicationError as error:  # sent again, or the address refused, meanwhile
                    self.message_user(request, str(error), messages.ERROR)
            if sent:
                self.message_user(
                    request, f"{sent} line manager{pluralize(sent)} asked again, with a new link."
                )
            if closed:
                self.message_user(
                    request,
                    f"{closed} no longer waiting for an answer (answered, or the application "
                    "decided, meanwhile), so not emailed.",
                    messages.WARNING,
                )
            return None
        count = len(still_open)
        intro = (
            "Each line manager below is emailed the request again, with a new link; the link "
            "they had stops working, and the time they have to answer starts again."
        )
        if boxed and boxed[0].applicants_own and retyped is None:
            intro += (
                f" The request went to {boxed[0].email}, which now belongs to "
                f"{boxed[0].application.applicant.full_name}: give their line manager's own "
                "address below."
            )
        if retyped is not None:
            before = boxed[0].email
            intro += f" The address is now {retyped}, as typed"
            intro += f" (the request went to {before} before)" if retyped != before else ""
            intro += ". Nothing has been sent: check it, then confirm."
        return TemplateResponse(
            request,
            "admin/confirm_emails.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Send {count} line manager{pluralize(count)} a new link?",
                "intro": intro,
                "recipients": [_recipient(r, retyped) for r in still_open],
                "unchanged": [
                    {
                        "name": f"Line manager of {r.application.applicant.full_name}",
                        "note": READDRESS if r in readdress else _why_not_open(r),
                    }
                    for r in chosen
                    if r not in still_open
                ],
                "address": address,
                "forms": [address] if address else [],
                "fields": "admin/mentoring/linemanagerrequest/address_field.html"
                if address
                else "",
                "button": f"Yes, email {count} line manager{pluralize(count)}",
                # Each request as this page shows it: "Yes" sends only those not sent again
                # since, so a second click (or a colleague's) sends nothing more.
                "hidden": [
                    *([(SHOWN_EMAIL, retyped or boxed[0].email)] if address else []),
                    *as_shown(still_open, lambda r: r.sent_mark),
                ],
                "back_url": reverse("admin:mentoring_linemanagerrequest_changelist"),
                "queryset": queryset,
                "action": "send_again",
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )
