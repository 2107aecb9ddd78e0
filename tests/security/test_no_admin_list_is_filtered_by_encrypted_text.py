"""No list of the programme office is filtered by encrypted text, its own or that of rows a
relation leads to, from a hand-made address (`?text__isnull=`, `?match__purpose__gt=`): no
lookup reads what is written, but one would tell which rows hold some, and roughly how
much. Nor by a pattern (`__regex`, `__iregex`) on any field. Every admin registered, and
every encrypted field, is walked, so a new one is covered as it comes."""

import pytest
from django.contrib import admin
from django.db.models.constants import LOOKUP_SEP

from accounts.admin_base import RefusesLookups, reads_encrypted_text
from accounts.encryption import encrypted_fields
from accounts.models import OutboxMessage
from mentoring.models import PairRequest, PairRequestKind
from tests.admin_pages import messages_shown, rows, signed_in_for_real

CONFIDENTIAL = "Lists are not filtered by confidential text. All are shown."
PATTERN = "Lists are not filtered by a pattern. All are shown."

office = signed_in_for_real("coordinator")


def registered():
    return sorted(admin.site._registry.items(), key=lambda each: each[0]._meta.label)


def paths_to(model, target, hops: int = 2) -> list[str]:
    """Each way, of at most `hops` relations either way, from `model`'s rows to `target`'s
    ("" for `model` itself)."""
    found, reached = [], [("", model)]
    for _ in range(hops + 1):
        found += [path for path, at in reached if at is target]
        reached = [
            (f"{path}{LOOKUP_SEP}{field.name}".lstrip(LOOKUP_SEP), field.related_model)
            for path, at in reached
            for field in at._meta.get_fields()
            if field.is_relation and field.related_model is not None
        ]
    return found


def encrypted_lookups(model) -> list[str]:
    """Lookups of `model`'s admin list that compare encrypted text, directly or through a
    relation: each way of asking whether it is empty, or how it compares."""
    lookups = []
    for holder, names in encrypted_fields():
        for path in paths_to(model, holder):
            for name in names:
                field = f"{path}{LOOKUP_SEP}{name}".lstrip(LOOKUP_SEP)
                lookups += [field, *(f"{field}__{end}" for end in ("isnull", "gt", "startswith"))]
    return lookups


def test_every_admin_shows_its_whole_list_saying_why_it_refused_a_lookup():
    for model, model_admin in registered():
        assert issubclass(model_admin.get_changelist(None), RefusesLookups), model


def test_no_admin_filters_by_encrypted_text_directly_or_through_a_relation():
    walked = set()
    for model, model_admin in registered():
        for lookup in encrypted_lookups(model):
            walked.add((model._meta.label, lookup))
            assert model_admin.refused_lookup(lookup), (model, lookup)
    # The walk reaches what the probe found (and more): a pair's request's note, an
    # email's body, and a pair's shared purpose from its requests.
    assert {
        ("mentoring.PairRequest", "note__isnull"),
        ("mentoring.PairRequest", "match__purpose__isnull"),
        ("accounts.OutboxMessage", "text__isnull"),
        ("mentoring.Match", "purpose__gt"),
        ("mentoring.Match", "meetings__change_reason__isnull"),
    } <= walked


def test_no_admin_filters_any_field_by_a_pattern():
    for model, model_admin in registered():
        for field in model._meta.concrete_fields:
            for pattern in ("regex", "iregex"):
                lookup = f"{field.name}__{pattern}"
                assert model_admin.refused_lookup(lookup), (model, lookup)


def test_no_admin_offers_encrypted_text_to_search_filter_or_sort_by():
    for model, model_admin in registered():
        named = [
            *(name.lstrip("^=@") for name in model_admin.search_fields),
            *(each for each in model_admin.list_filter if isinstance(each, str)),
            *(each[0] for each in model_admin.list_filter if isinstance(each, tuple | list)),
            *(name.lstrip("-") for name in model_admin.ordering or () if isinstance(name, str)),
            model_admin.date_hierarchy or "",
        ]
        for name in filter(None, named):
            assert not reads_encrypted_text(model, name), (model, name)


@pytest.mark.parametrize(
    "address",
    [
        "/admin/accounts/outboxmessage/?text__isnull=False",
        "/admin/accounts/outboxmessage/?html__startswith=gAAAA",
        "/admin/accounts/outboxmessage/?text__regex=.",
    ],
)
def test_the_outbox_shows_every_email_and_says_why(office, cast, address):
    for text in ("", "A body"):
        OutboxMessage.objects.create(
            kind="accounts/email/invitation", to=cast.mentor.email, text=text
        )

    response = office.get(address, follow=True)

    assert response.redirect_chain == [(address.split("?")[0] + "?e=1", 302)]
    assert messages_shown(response) == [PATTERN if "regex" in address else CONFIDENTIAL]
    assert len(rows(response)) == 2


@pytest.mark.parametrize("lookup", ["note__isnull=False", "match__purpose__isnull=False"])
def test_the_pairs_requests_are_all_shown_and_say_why(office, cast, lookup):
    cast.pair.purpose = "To learn about each other's work"
    cast.pair.save(update_fields=["purpose"])
    for pair, note in ((cast.pair, "I would rather not say"), (cast.other_pair, "")):
        PairRequest.objects.create(
            match=pair, kind=PairRequestKind.CONCERN, raised_by=pair.mentor.applicant, note=note
        )

    response = office.get(f"/admin/mentoring/pairrequest/?{lookup}", follow=True)

    assert messages_shown(response) == [CONFIDENTIAL]
    assert len(rows(response)) == 2
