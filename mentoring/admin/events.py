"""The event admin: the list, the change page with its registrations (read-only once the
event is called off; no Delete once anyone registered), the confirmation before an event is
called off, naming who is emailed, and the one before a change of time or place people
holding places are emailed about."""

from copy import copy

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from accounts import bounds
from accounts.admin_audit import VIEW_TRAIL, trail_url
from accounts.admin_base import AsksBeforeSaving, ModelAdmin, StaleEditGuard, posted_back
from accounts.mail import with_zone
from accounts.outbox import can_be_emailed, emailable, not_emailed_said
from mentoring.admin.event_forms import CallOffForm, EventForm
from mentoring.admin.filters import CalledOffFilter, EventDateFilter
from mentoring.models import Event, Registration, RegistrationStatus
from mentoring.models.events import HOLDS_A_PLACE, event_changes
from mentoring.services.events import (
    EventChanged,
    EventError,
    PlacesChanged,
    event_call_off,
    event_update,
    places_fingerprint,
    told_of_changes,
    why_not_call_off,
)


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["person", "status", "created_at"]
    # Attendance is recorded with the actions on Registrations, which check the event has
    # started; an editable status here would let a place be marked attended in advance.
    readonly_fields = ["person", "status", "created_at"]
    ordering = ["person__full_name"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # Nothing in a row changes here, so the rows are shown and not posted back to be
        # checked one by one (a query each) when the event is saved.
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # as on Registrations: a place is given up, never deleted

    def get_queryset(self, request):
        # Each row is named ("Priya Patel at Mentor briefing (…)"): its event with it.
        return super().get_queryset(request).select_related("person", "event")


@admin.register(Event)
class EventAdmin(StaleEditGuard, AsksBeforeSaving, ModelAdmin):
    form = EventForm
    list_display = ["title", "kind", "audience", "starts_at", "places", "called_off", "programme"]
    list_filter = [
        "programme",
        "kind",
        "audience",
        ("starts_at", EventDateFilter),
        CalledOffFilter,
    ]
    search_fields = ["title", "location"]
    date_hierarchy = "starts_at"
    list_select_related = ["programme"]
    inlines = [RegistrationInline]
    delete_permission_reads = ("registrations",)  # `has_delete_permission`
    fieldsets = [
        (None, {"fields": ["programme", "kind", "audience", "title", "description"]}),
        (
            "When and where",
            {"fields": ["starts_at", "ends_at", "location", "online_url", "capacity"]},
        ),
    ]

    def get_queryset(self, request):
        # The list's places taken, and what the change form says may change (EventForm).
        return super().get_queryset(request).with_places_and_attendance()

    def has_change_permission(self, request, obj=None):
        # An event called off stays as it was called off: its page is read-only, saying
        # when and by whom (change_form.html), and `event_update` refuses a change too.
        if obj is not None and obj.is_called_off:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # An event people registered for is not deleted (their calendars and the briefing
        # record keep it): no Delete to offer that the registrations would refuse.
        if obj is not None and obj.registrations.exists():
            return False
        return super().has_delete_permission(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        # Its address opened anyway (a bookmark, an old tab): say why, on the event's page,
        # rather than the bare refusal the permission alone would give.
        event = self.get_object(request, unquote(object_id))
        if (
            event is not None
            and self.has_view_or_change_permission(request, event)
            and event.registrations.exists()
        ):
            instead = (
                "It is called off, and stays as the record of who held a place."
                if event.is_called_off
                else "Change it here, or set up a new event."
            )
            self.message_user(
                request,
                "People registered for this event, so it is not deleted: their calendars "
                f"and the briefing record keep it. {instead}",
                messages.WARNING,
            )
            return redirect("admin:mentoring_event_change", event.pk)
        return super().delete_view(request, object_id, extra_context)

    def get_actions(self, request):
        # Bulk delete would refuse any event with registrations: one at a time, from its page.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description="Places taken", ordering="places_taken")
    def places(self, obj):
        return f"{obj.places_taken} of {obj.capacity}"

    @admin.display(description="Called off", ordering="called_off_at")
    def called_off(self, obj):
        """When it was called off; empty (shown as "-") while it goes ahead."""
        if not obj.is_called_off:
            return None
        return f"Called off {timezone.localtime(obj.called_off_at):%-d %b %Y}"

    # --- calling an event off: asked first, naming who is emailed --------------------------

    def get_urls(self):
        call_off = path(
            "<path:object_id>/call-off/",
            self.admin_site.admin_view(self.call_off_view),
            name="mentoring_event_call_off",
        )
        return [call_off, *super().get_urls()]

    def call_off_view(self, request, object_id):
        """The confirmation before `event_call_off`: who will be emailed and an optional
        message to them; "Call off" calls it off, as of the people the page named."""
        event = self.get_object(request, unquote(object_id))
        if event is None:
            raise Http404("No such event.")
        # As for changing any event: a called-off one is read-only, but its address says why.
        if not self.has_change_permission(request):
            raise PermissionDenied
        change_url = reverse("admin:mentoring_event_change", args=[event.pk])
        problem = why_not_call_off(event)
        if problem:
            self.message_user(request, problem, messages.ERROR)
            return redirect(change_url)
        confirmed = request.method == "POST" and request.POST.get("confirmed") == "yes"
        form = CallOffForm(request.POST if confirmed else None)
        if confirmed and form.is_valid():
            try:
                told = event_call_off(
                    event=event,
                    by=request.user,
                    message=form.cleaned_data["message"],
                    seen_places=request.POST.get("seen_places", ""),
                )
            except PlacesChanged as error:
                # Asked again, naming who holds a place now; the message stays as typed.
                self.message_user(
                    request, f"{error} Here is who would be emailed now.", messages.WARNING
                )
            except EventError as error:
                # Started, or called off by someone else, since the page was shown.
                self.message_user(request, str(error), messages.ERROR)
                return redirect(change_url)
            else:
                self.message_user(request, _called_off_said(event, told))
                return redirect(change_url)
        holding = list(event.registrations.filter(status=RegistrationStatus.REGISTERED).by_name())
        # Everyone holding a place loses it; those whose account is switched off are not
        # emailed (`event_call_off`), so not named as emailed either.
        emailed = [r for r in holding if can_be_emailed(r.person)]
        unreached = [_named(r) for r in holding if r not in emailed]
        count = f"{len(emailed)} {pluralize(len(emailed), 'person,people')}"
        return TemplateResponse(
            request,
            "admin/mentoring/event/confirm_call_off.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Call off {event.title}" + (f" and email {count}?" if emailed else "?"),
                "event": event,
                "form": form,
                "recipients": [{"name": _named(r), "email": r.person.email} for r in emailed],
                "unreached": not_emailed_said(unreached, done=False) if unreached else "",
                "hidden": [("seen_places", places_fingerprint(holding))],
                "button": f"Call off and email {count}" if emailed else "Call off",
                "back_url": change_url,
                "opts": self.model._meta,
                "original": event,
            },
        )

    # --- moving an event people hold places at: asked first, then everyone is told -------

    went_back_message = (
        "Nothing was saved. Here are your changes as you typed them; Save asks again before "
        "anyone is emailed."
    )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        try:
            return super().change_view(request, object_id, form_url, extra_context)
        except (EventChanged, PlacesChanged):
            # Moved, or a place taken or given up, between the check and the save: asked
            # again, as it is now.
            return self.ask_before_saving(request, object_id) or redirect(request.path)
        except EventError as error:
            # A place taken between the form's check and the save (the service's, locked).
            self.message_user(request, str(error), messages.ERROR)
            return redirect(request.path)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None and request.method == "GET":
            context.update(self._call_off_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _call_off_context(self, request, event: Event) -> dict:
        """For the change page of `event` (as the page read it): the address of "Call off
        this event…" when the person may and the event can be called off
        (`why_not_call_off`); for one called off, what its note says and its audit trail."""
        if event.is_called_off:
            by = event.called_off_by
            # Places keep their status as history: those still "registered" were told, but
            # for anyone whose account was switched off by then (`event_call_off`).
            holding = list(
                event.registrations.filter(status=RegistrationStatus.REGISTERED)
                .select_related("person")
                .by_name()
            )
            unreached = [
                _named(registration)
                for registration in holding
                if registration.person.deactivated_at is not None
                and registration.person.deactivated_at <= event.called_off_at
            ]
            context = {
                "called_off": {
                    "when": with_zone(event.called_off_at),
                    "by": by.full_name or by.email if by else "someone whose account is gone",
                    "message": event.call_off_message,
                    "told": _told_of_call_off(len(holding) - len(unreached), unreached),
                }
            }
            if request.user.has_perm(VIEW_TRAIL):
                context["audit_trail_url"] = trail_url(Event, event.pk)
            return context
        if self.has_change_permission(request, event) and why_not_call_off(event) is None:
            return {"call_off_url": reverse("admin:mentoring_event_call_off", args=[event.pk])}
        return {}

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and not self.has_change_permission(request, obj):
            # Shown read-only (called off, or to someone who may only view): no hints on
            # how to fill in boxes that are not there ("Up to 5,000 characters.").
            shown = kwargs.get("fields") or flatten_fieldsets(self.get_fieldsets(request, obj))
            kwargs["help_texts"] = dict.fromkeys(shown, "")
        return super().get_form(request, obj, change, **kwargs)

    def ask_before_saving(self, request, object_id):
        """A change of time or place while people hold places is shown first: what changes
        and who is emailed. None lets Django's view save (or show the form's errors)."""
        if object_id is None:
            return None  # a new event has nobody to tell
        event = self.get_object(request, unquote(object_id))
        if event is None or not self.has_change_permission(request, event):
            return None  # Django's view answers 404 or 403
        before = copy(event)
        form = self.posted_form(request, event)
        if not form.is_valid():
            return None
        changes = event_changes(before, form.instance)
        confirmed = request.POST.get("confirmed") == "yes"
        if not (changes or confirmed):
            return None
        holding = list(told_of_changes(before)) if changes else []
        seen = _seen_sequence(request) == before.sequence
        if confirmed and seen and _seen_places(request) == places_fingerprint(holding):
            return None
        if confirmed:
            # "Yes" to a page showing an older time or place, or other people holding
            # places: nothing is saved unseen, and nobody it did not name is emailed.
            if changes and not holding and seen:
                # The places named were given up (or the event has started): nobody is left
                # to email, so the change is saved as typed, telling nobody (`event_update`).
                self.message_user(
                    request,
                    "Nobody holds a place at this event any more, so nobody was emailed.",
                    messages.WARNING,
                )
                return None
            if not (changes and holding):
                self.message_user(request, f"{EventChanged()} Here it is now.", messages.WARNING)
                return redirect(request.path)
            said = EventChanged() if not seen else PlacesChanged(done="nothing was saved")
            self.message_user(
                request, f"{said} Here is what saving would change now.", messages.WARNING
            )
        elif not holding:
            return None
        return self._confirm_move(request, before, changes, holding)

    def _confirm_move(self, request, event, changes, holding):
        count = f"{len(holding)} {pluralize(len(holding), 'person,people')}"
        unreached = _holders_unreached(event)
        # Everything the change form posted comes back with "Yes", as it was typed, with
        # the move this page showed (its SEQUENCE) so that a later one is not overwritten.
        hidden = posted_back(request, besides=("seen_sequence", "seen_places"))
        return TemplateResponse(
            request,
            "admin/mentoring/event/confirm_move.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Change the time or place of {event.title} and email {count}?",
                "intro": "Saving changes when or where the event happens. Everyone holding a "
                "place is emailed what changed, with a calendar file that updates the entry "
                "they already have. Nothing is saved until you say yes.",
                "changes": changes,
                "unreached": not_emailed_said(unreached, done=False) if unreached else "",
                "recipients": [
                    {
                        "name": registration.person.full_name,
                        "email": registration.person.email,
                        "note": registration.get_status_display().lower(),
                    }
                    for registration in holding
                ],
                "hidden": [
                    *hidden,
                    ("seen_sequence", event.sequence),
                    ("seen_places", places_fingerprint(holding)),
                ],
                "button": f"Yes, save and email {count}",
                "back_posts": True,
                "opts": self.model._meta,
            },
        )

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        confirmed = request.POST.get("confirmed") == "yes"
        sequence = obj.sequence
        told = event_update(
            event=obj,
            seen_sequence=_seen_sequence(request) if confirmed else None,
            # Unconfirmed, nobody was named (`ask_before_saving` asked nothing): nobody who
            # took a place since is emailed unnamed.
            seen_places=_seen_places(request) if confirmed else places_fingerprint([]),
        )
        # Moved (its SEQUENCE rose): those holding a place whom no email reaches are named.
        unreached = _holders_unreached(obj) if obj.sequence != sequence else []
        said = [not_emailed_said(unreached) + "."] if unreached else []
        if told:
            count = len(told)
            said.insert(
                0,
                f"{count} {pluralize(count, 'person,people')} holding a place "
                f"{pluralize(count, 'was,were')} "
                "emailed what changed, with the updated calendar file.",
            )
        if said:
            self.message_user(request, " ".join(said))


def _holders_unreached(event: Event) -> list[str]:
    """Those holding a place at `event` whom a change of its time or place would email but
    for their account being switched off (`told_of_changes` leaves them out), by name."""
    if event.has_started:
        return []
    return [
        _named(registration)
        for registration in event.registrations.filter(status__in=HOLDS_A_PLACE)
        .exclude(emailable("person__"))
        .select_related("person")
        .by_name()
    ]


def _named(registration: Registration) -> str:
    """The person holding `registration`, as the office's pages name them."""
    return registration.person.full_name or registration.person.email


def _seen_places(request) -> str:
    """Whom the confirmation said would be emailed (`places_fingerprint`); nobody when it
    named nobody."""
    return request.POST.get("seen_places") or places_fingerprint([])


def _seen_sequence(request) -> int | None:
    return bounds.posted_number(request.POST.get("seen_sequence"), max_digits=9)


def _called_off_said(event: Event, told: list[Registration]) -> str:
    """What the office is told once `event` is called off: whom it emailed (`told`), and
    who held a place but was not, their account being switched off."""
    emailed = {registration.pk for registration in told}
    unreached = [
        _named(registration)
        for registration in event.registrations.filter(status=RegistrationStatus.REGISTERED)
        .select_related("person")
        .by_name()
        if registration.pk not in emailed
    ]
    return f"{event.title} is called off. {_told_of_call_off(len(told), unreached)}."


def _told_of_call_off(told: int, unreached: list[str]) -> str:
    """Whom calling off an event emailed (`told`, a count) and who held a place but was not
    (`unreached`, named), as one sentence without its full stop: for the message once it is
    done and for the event's page, read later."""
    if not told:
        if unreached:
            return f"{not_emailed_said(unreached)}; nobody else held a place"
        return "Nobody held a place, so nobody was emailed"
    said = (
        f"{told} {pluralize(told, 'person,people')} holding a place "
        f"{'was' if told == 1 else 'were'} emailed, with a calendar file that takes it out "
        "of their calendar"
    )
    return f"{said}; {not_emailed_said(unreached)}" if unreached else said
