"""The programme office's change form for an event, as the browser posts it: the event's
fields as the page shows them (times in the programme's time zone), any changes typed over
them, and the registrations inline as it is rendered."""

from django.urls import reverse
from django.utils import timezone

from mentoring.models import Event
from tests.opened_now import stamp_shown


def change_url(event: Event) -> str:
    return reverse("admin:mentoring_event_change", args=[event.pk])


def as_posted(client, event: Event, **changes) -> dict:
    """What "Save" on `event`'s change page posts, with `changes` typed over the fields."""
    page = client.get(change_url(event))
    assert page.status_code == 200
    starts, ends = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    data = {
        "programme": event.programme_id,
        "kind": event.kind,
        "audience": event.audience,
        "title": event.title,
        "description": event.description,
        "starts_at_0": f"{starts:%d/%m/%Y}",
        "starts_at_1": f"{starts:%H:%M}",
        "ends_at_0": f"{ends:%d/%m/%Y}",
        "ends_at_1": f"{ends:%H:%M}",
        "location": event.location,
        "online_url": event.online_url,
        "capacity": str(event.capacity),
        "_save": "Save",
    }
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name, field in management.fields.items():
            data[management.add_prefix(name)] = management.initial.get(name, field.initial)
        for form in formset.forms:
            for name in form.fields:
                value = form[name].value()
                data[form.add_prefix(name)] = "" if value is None else value
    return {**data, **stamp_shown(page), **changes}
