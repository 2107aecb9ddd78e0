"""The office's CSV downloads open in Excel as typed: UTF-8 with a byte-order mark."""

import pytest
from django.urls import reverse

from accounts.models import User
from tests.admin_pages import sign_in_for_real

pytestmark = pytest.mark.django_db
PAIRS = reverse("admin:mentoring_match_changelist")


@pytest.fixture
def office(client, cast):
    sign_in_for_real(client, cast, "coordinator")
    return client


def test_the_pairs_csv_says_it_is_utf8_so_excel_reads_accented_names(office, cast):
    """Excel opens a CSV without a byte order mark as Windows-1252: "Siân" reads "SiÃ¢n"."""
    User.objects.filter(pk=cast.mentor.pk).update(full_name="Siân Llŷr")
    response = office.post(
        PAIRS, {"action": "export_csv", "_selected_action": [cast.pair.pk, cast.other_pair.pk]}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "Siân Llŷr" in response.content.decode("utf-8-sig")
    assert response.content.startswith(b"\xef\xbb\xbf"), "no BOM: Excel shows mojibake"
