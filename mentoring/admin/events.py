from copy import copy
from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import get_text_list

from accounts import bounds
from accounts.admin_audit import VIEW_TRAIL, trail_url
from accounts.admin_base import ModelAdmin
from accounts.admin_bounds import ReadableAutocompleteAdmin
from accounts.mail import with_zone
from mentoring.admin.filters import CalledOffFilter, EventDateFilter
from mentoring.forms.fields import LinesField
from mentoring.models import BriefingExemption, Event, Registration, RegistrationStatus
from mentoring.models.events import (
    CAPACITY_RANGE,
    HALF_DAY,
    HOLDS_A_PLACE,
    PLACE_OR_LINK,
    event_changes,
)
from mentoring.services.events import (
    FIXED_ONCE_HELD,
    FIXED_ONCE_TAKEN,
    EventChanged,
    EventError,
    PlacesChanged,
    absence_consequences,
    attendance_mark,
    event_call_off,
    event_update,
    fixed_once_taken,
    places_fingerprint,
    places_taken_problem,
    time_fixed,
    why_not_call_off,
)


class EventForm(forms.ModelForm):
    online_url = forms.URLField(label="Online link", required=False, assume_scheme="https")

    class Meta:
        model = Event
        fields = [
            "programme",
            "kind",
            "audience",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "location",
            "online_url",
            "capacity",
        ]

    def __init__(self, *args, **kwargs):
        """A saved event is read with its places and attendance (`EventAdmin.get_queryset`):
        what of it may change is said from those, not asked again."""
        super().__init__(*args, **kwargs)
        self.places_taken, self.time_fixed, self.length = 0, None, None
        if "starts_at" not in self.fields:
            return  # a page shown read-only (view permission only, or called off)
        self.fields["ends_at"].required = False
        # Here, not only on the model: `clean` adds half a day to the start, which would
        # overflow in the year 9999 before the model's own validation runs.
        for name in ("starts_at", "ends_at"):
            self.fields[name].validators.append(bounds.validate_sensible_date)
        if "capacity" in self.fields:
            self.fields["capacity"].validators = list(CAPACITY_RANGE)
        self.length = None
        self.time_fixed = time_fixed(self.instance) if self.instance.pk else None
        if self.time_fixed:
            for name in FIXED_ONCE_HELD:
                if name in self.fields:
                    # Said beside the field; `event_update` refuses a move in the service too.
                    self.fields[name].disabled = True
                    self.fields[name].help_text = self.time_fixed
        elif self.instance.pk and "ends_at" in self.fields:
            # As a moved meeting keeps its length: the end is left empty, so that a new
            # start alone moves the whole event instead of being refused as ending before it.
            self.length = self.instance.ends_at - self.instance.starts_at
            self.initial["ends_at"] = None
            saved_end = timezone.localtime(self.instance.ends_at)
            self.fields["ends_at"].help_text = (
                f"It ends at {saved_end:%H:%M} on {saved_end:%-d %B %Y}. Leave empty to keep "
                f"its length ({_length(self.length)}) wherever the start moves."
            )
        self.places_taken = self.instance.places_taken if self.instance.pk else 0
        for name in FIXED_ONCE_TAKEN:
            if self.places_taken and name in self.fields:
                # Said beside the field; `event_update` refuses a change in the service too.
                self.fields[name].disabled = True
                self.fields[name].help_text = fixed_once_taken(
                    event=self.instance, field=name, taken=self.places_taken
                )
        if self.places_taken and "capacity" in self.fields:
            # Said beside the field, before anyone tries a capacity below it.
            self.fields["capacity"].help_text += (
                f" {_places(self.places_taken)} "
                f"{'is' if self.places_taken == 1 else 'are'} taken, so no fewer than that."
            )

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        problem = places_taken_problem(taken=self.places_taken, capacity=capacity)
        if problem:
            raise forms.ValidationError(problem)
        return capacity

    def clean(self):
        cleaned = super().clean()
        for name in FIXED_ONCE_TAKEN:
            if self.places_taken and name in self.fields:
                # Disabled, so Django would keep the saved value: a change posted (from a page
                # drawn before a place was taken) is refused, not dropped silently. Before
                # `_post_clean`, the instance still holds the saved event here.
                posted = self.data.get(self.add_prefix(name))
                if posted and posted != str(self.instance.serializable_value(name)):
                    self.add_error(name, fixed_once_taken(event=self.instance, field=name))
        if self.time_fixed:
            # The same for a start or end posted from a page drawn before the event started:
            # said once, beside the first that moved.
            moved = [name for name in FIXED_ONCE_HELD if self._posted_a_change(name)]
            if moved:
                self.add_error(moved[0], self.time_fixed)
        if cleaned.get("location") == "" and cleaned.get("online_url") == "":
            # Beside the place and linked from the summary; with an error on the place, the
            # model leaves out its check (`_post_clean`), so it is said once.
            self.add_error("location", PLACE_OR_LINK)
        if cleaned.get("starts_at") and not cleaned.get("ends_at"):
            cleaned["ends_at"] = cleaned["starts_at"] + (self.length or HALF_DAY)
            self.instance.ends_at = cleaned["ends_at"]
        return cleaned

    def _posted_a_change(self, name) -> bool:
        """A value was posted for the disabled field `name` that differs from the saved one."""
        field = self.fields[name]
        posted = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
        if not any(posted if isinstance(posted, list | tuple) else [posted]):
            return False
        try:
            return field.clean(posted) != getattr(self.instance, name)
        except forms.ValidationError:
            return True


def _length(length: timedelta) -> str:
    """A length in words: "3 hours 30 minutes", "1 hour", "45 minutes", "2 days 1 hour"."""
    minutes = int(length.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [(days, "day"), (hours, "hour"), (minutes, "minute")]
    return " ".join(f"{n} {word}{'' if n == 1 else 's'}" for n, word in parts if n) or "0 minutes"


def _places(count: int) -> str:
    return f"{count} place{'' if count == 1 else 's'}"


class CallOffForm(forms.Form):
    """The confirmation's one question before an event is called off."""

    message = LinesField(
        label="Message to those holding places (optional)",
        required=False,
        max_length=bounds.SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text="Put in their email and on their events page, e.g. why, and whether "
        "another date will follow.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bounds.state_limit(self.fields["message"])


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

    def get_queryset(self, request):
        # Each row is named ("Priya Patel at Mentor briefing (…)"): its event with it.
        return super().get_queryset(request).select_related("person", "event")


@admin.register(Event)
class EventAdmin(ModelAdmin):
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
        holding = list(
            event.registrations.filter(status=RegistrationStatus.REGISTERED)
            .select_related("person")
            .order_by("person__full_name", "pk")
        )
        count = f"{len(holding)} {_people(len(holding))}"
        return TemplateResponse(
            request,
            "admin/mentoring/event/confirm_call_off.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Call off {event.title}" + (f" and email {count}?" if holding else "?"),
                "event": event,
                "form": form,
                "recipients": [
                    {"name": r.person.full_name or r.person.email, "email": r.person.email}
                    for r in holding
                ],
                "hidden": [("seen_places", places_fingerprint(holding))],
                "button": f"Call off and email {count}" if holding else "Call off",
                "back_url": change_url,
                "opts": self.model._meta,
                "original": event,
            },
        )

    # --- moving an event people hold places at: asked first, then everyone is told -------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), **self._call_off_context(request, object_id)}
        if _went_back(request):
            # "No, go back" from the confirmation: the form again, as typed, nothing saved.
            self.message_user(
                request,
                "Nothing was saved. Here are your changes as you typed them; "
                "Save asks again before anyone is emailed.",
                messages.WARNING,
            )
            return super().change_view(request, object_id, form_url, extra_context)
        if request.method == "POST":
            asked = self._ask_before_moving(request, object_id)
            if asked is not None:
                return asked
        try:
            return super().change_view(request, object_id, form_url, extra_context)
        except EventChanged:
            # Moved by someone else between the check and the save: asked again, as it is now.
            return self._ask_before_moving(request, object_id) or redirect(request.path)
        except EventError as error:
            # A place taken between the form's check and the save (the service's, locked).
            self.message_user(request, str(error), messages.ERROR)
            return redirect(request.path)

    def _call_off_context(self, request, object_id) -> dict:
        """For the change page: the address of "Call off this event…" when the person may
        and the event can be called off (`why_not_call_off`); for one called off, what its
        note says and its audit trail."""
        if request.method != "GET":
            return {}
        event = self.get_object(request, unquote(object_id))
        if event is None:
            return {}
        if event.is_called_off:
            by = event.called_off_by
            context = {
                "called_off": {
                    "when": with_zone(event.called_off_at),
                    "by": by.full_name or by.email if by else "someone whose account is gone",
                    "message": event.call_off_message,
                    # Places keep their status as history: those still "registered" were told.
                    "told": event.registrations.filter(
                        status=RegistrationStatus.REGISTERED
                    ).count(),
                }
            }
            if request.user.has_perm(VIEW_TRAIL):
                context["audit_trail_url"] = trail_url(Event, event.pk)
            return context
        if self.has_change_permission(request, event) and why_not_call_off(event) is None:
            return {"call_off_url": reverse("admin:mentoring_event_call_off", args=[event.pk])}
        return {}

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if _went_back(request):
            return type(form)(form.__name__, (ShownAgain, form), {})
        return form

    def _ask_before_moving(self, request, object_id):
        """A change of time or place while people hold places is shown first: what changes
        and who is emailed. None lets Django's view save (or show the form's errors)."""
        event = self.get_object(request, unquote(object_id))
        if event is None or not self.has_change_permission(request, event):
            return None  # Django's view answers 404 or 403
        before = copy(event)
        form = self.get_form(request, event, change=True)(
            request.POST, request.FILES, instance=event
        )
        if not form.is_valid():
            return None
        changes = event_changes(before, form.instance)
        confirmed = request.POST.get("confirmed") == "yes"
        if confirmed and _seen_sequence(request) == before.sequence:
            return None
        if not (changes or confirmed):
            return None
        holding = list(
            before.registrations.filter(status__in=HOLDS_A_PLACE)
            .select_related("person")
            .order_by("person__full_name", "pk")
        )
        if confirmed:
            # "Yes" to a page showing an older time or place: nothing is saved unseen.
            if not (changes and holding):
                self.message_user(request, f"{EventChanged()} Here it is now.", messages.WARNING)
                return redirect(request.path)
            self.message_user(
                request, f"{EventChanged()} Here is what saving would change now.", messages.WARNING
            )
        elif not holding:
            return None
        return self._confirm_move(request, before, changes, holding)

    def _confirm_move(self, request, event, changes, holding):
        count = f"{len(holding)} {_people(len(holding))}"
        # Everything the change form posted comes back with "Yes", as it was typed, with
        # the move this page showed (its SEQUENCE) so that a later one is not overwritten.
        hidden = [
            (name, value)
            for name in request.POST
            if name not in ("csrfmiddlewaretoken", "confirmed", "seen_sequence")
            for value in request.POST.getlist(name)
        ]
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
                "recipients": [
                    {
                        "name": registration.person.full_name,
                        "email": registration.person.email,
                        "note": registration.get_status_display().lower(),
                    }
                    for registration in holding
                ],
                "hidden": [*hidden, ("seen_sequence", event.sequence)],
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
        told = event_update(event=obj, seen_sequence=_seen_sequence(request) if confirmed else None)
        if told:
            count = len(told)
            self.message_user(
                request,
                f"{count} {_people(count)} holding a place {'was' if count == 1 else 'were'} "
                "emailed what changed, with the updated calendar file.",
            )


class ShownAgain:
    """The change form bound to what was typed, so the page shows it (and any error that
    has arisen since), but never valid, so Django's change view saves nothing."""

    def is_valid(self):
        return False


def _went_back(request) -> bool:
    return request.method == "POST" and request.POST.get("went_back") == "yes"


def _seen_sequence(request) -> int | None:
    return bounds.posted_number(request.POST.get("seen_sequence"), max_digits=9)


@admin.register(Registration)
class RegistrationAdmin(ModelAdmin):
    list_display = ["person", "event", "status", "created_at"]
    list_filter = ["status", "event__kind", "event__audience", "event__programme", "event"]
    search_fields = ["person__full_name", "person__email", "event__title"]
    list_select_related = ["person", "event"]
    readonly_fields = ["event", "person", "status", "created_at", "updated_at"]
    fields = ["event", "person", "status", "created_at", "updated_at"]
    actions = ["mark_attended", "mark_absent"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Mark the selected people as attended", permissions=["change"])
    def mark_attended(self, request, queryset):
        self._mark(request, queryset, RegistrationStatus.ATTENDED, "attended")

    @admin.action(description="Mark the selected people as absent", permissions=["change"])
    def mark_absent(self, request, queryset):
        return self._mark(request, queryset, RegistrationStatus.ABSENT, "absent")

    def _mark(self, request, queryset, status, word):
        """Only places at events that have started change; the rest are named with why, and
        nothing is announced as done when nothing was. Marking absent someone recorded as
        attended is asked first, saying what that changes."""
        rows = list(queryset.select_related("person", "event").order_by("person__full_name", "pk"))
        now = timezone.now()
        why = {
            "called_off": "whose event was called off",
            "not_started": "whose event has not started yet",
            "cancelled": "who had cancelled their place",
            "already": f"already marked {word}",
        }
        left = {key: [] for key in why}
        changing = []
        for row in rows:
            if row.event.is_called_off:
                left["called_off"].append(row)
            elif row.event.starts_at > now:
                left["not_started"].append(row)
            elif row.status == RegistrationStatus.CANCELLED:
                left["cancelled"].append(row)
            elif row.status == status:
                left["already"].append(row)
            else:
                changing.append(row)
        consequences = absence_consequences(changing) if status == RegistrationStatus.ABSENT else {}
        if consequences and request.POST.get("confirmed") != "yes":
            return self._confirm_absent(request, queryset, changing, consequences, left, why)
        changed = attendance_mark(registrations=queryset, status=status)
        if changed:
            self.message_user(request, f"{changed} {_people(changed)} marked {word}.")
        reasons = [
            f"{get_text_list([str(r.person) for r in left[key]], 'and')}, {said}"
            for key, said in why.items()
            if left[key]
        ]
        if reasons:
            self.message_user(
                request, f"Left as they were: {'; '.join(reasons)}.", level=messages.WARNING
            )
        return None

    def _confirm_absent(self, request, queryset, changing, consequences, left, why):
        count = f"{len(changing)} {_people(len(changing))}"
        return TemplateResponse(
            request,
            "admin/confirm_changes.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Mark {count} absent?",
                "intro": "Some of them are recorded as attended. Marking them absent changes "
                "what counts for them; nothing changes until you say yes.",
                "changed": [
                    {
                        "name": f"{row.person}, {row.event}",
                        "note": consequences.get(row.pk, "registered; will be marked absent"),
                    }
                    for row in changing
                ],
                "unchanged": [
                    {"name": str(row.person), "note": said}
                    for key, said in why.items()
                    for row in left[key]
                ],
                "button": f"Yes, mark {count} absent",
                "back_url": request.get_full_path(),
                "queryset": queryset,
                "action": "mark_absent",
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
            },
        )


def _people(count: int) -> str:
    return "person" if count == 1 else "people"


def _called_off_said(event: Event, told: list[Registration]) -> str:
    if not told:
        return f"{event.title} is called off. Nobody held a place, so nobody was emailed."
    count = len(told)
    return (
        f"{event.title} is called off. {count} {_people(count)} holding a place "
        f"{'was' if count == 1 else 'were'} emailed, with a calendar file that takes it out "
        "of their calendar."
    )


@admin.register(BriefingExemption)
class BriefingExemptionAdmin(ReadableAutocompleteAdmin):
    list_display = ["person", "programme", "note", "recorded_by", "recorded_at"]
    list_filter = ["programme"]
    search_fields = ["person__full_name", "person__email", "note"]
    autocomplete_fields = ["person"]

    class Media:
        js = ["js/admin_autocomplete_labels.js"]  # names the search boxes after their labels

    list_select_related = ["person", "programme", "recorded_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
