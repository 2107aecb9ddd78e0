"""What a page or a read costs the database: how many queries (`queries_for`), and what a
model instance was read with (`loaded`)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(client, url) -> int:
    """How many queries a page costs (it must answer 200)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def loaded(instance) -> dict:
    """What a model instance holds: its fields and annotations, and what was read with it
    (select_related), the same way down."""
    held = {name: value for name, value in vars(instance).items() if name != "_state"}
    held["read with it"] = {
        name: loaded(related) if related is not None else None
        for name, related in instance._state.fields_cache.items()
    }
    return held
