"""A person's download tells of a pairing's end what its email and pages tell: completed, or
only that it ended (DESIGN: the other member learns only that the pairing ended; why is the
office's and the asker's). And it names the office's audit trail among what it leaves out."""

import json

import pytest

from accounts.audit import audit_record
from accounts.models import AuditAction
from mentoring.models import EndReason
from mentoring.services.matches import matches_end
from tests.cast import sign_in_as

pytestmark = pytest.mark.django_db

URL = "/profile/data.json"


def download(client, cast, role) -> dict:
    sign_in_as(client, cast, role)
    response = client.get(URL)
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.mark.parametrize(
    ("reason", "told"),
    [
        (EndReason.WITHDRAWN, "Ended"),
        (EndReason.REMATCHED, "Ended"),
        (EndReason.COMPLETED, "Completed"),
    ],
)
def test_the_partner_reads_only_completed_or_ended(client, cast, reason, told):
    matches_end(matches=[cast.pair], reason=reason, by=cast.coordinator, tell_both=True)

    [pair] = download(client, cast, "board_member")["pairs"]

    assert pair["end_reason"] == told


def test_a_pair_still_running_has_no_end(client, cast):
    [pair] = download(client, cast, "mentor")["pairs"]

    assert pair["end_reason"] == ""


def test_the_audit_trail_is_named_among_what_the_download_leaves_out(client, cast):
    audit_record(
        actor=cast.coordinator,
        action=AuditAction.EDITED,
        obj=cast.mentor,
        values={"department": ("Estates-Zebra", "Finance")},
    )

    data = download(client, cast, "mentor")

    assert "Estates-Zebra" not in json.dumps(data, default=str)
    assert "audit trail of who changed what, your details included" in data["about"]
