"""The list of applications' department filter names each department of a sent application
once, in alphabetical order: what `SELECT DISTINCT … ORDER BY` over the sent applications
answers, read here a department at a time through their index
(mentoring.admin.applications.sent_departments)."""

import re
from html import unescape

import pytest
from django.urls import reverse

from mentoring.admin.applications import sent_departments
from mentoring.models import ApplicationStatus, MentorApplication
from tests.factories import application_from

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:mentoring_mentorapplication_changelist")


@pytest.fixture
def applications(cast):
    """The cast's two mentors (departments of the factory's own), and four applicants: two
    from Estates, one from the School of Art & Design, and one whose draft names a unit no
    sent application does."""
    programme = cast.programme
    application_from(programme, "Tom Tanaka", department="Estates")
    application_from(programme, "Ada Adeyemi", department="Estates")
    application_from(programme, "Sam Singh", department="School of Art & Design")
    application_from(
        programme, "Dana Draft", department="Secret Drafting Unit", status=ApplicationStatus.DRAFT
    )


def the_orms_departments() -> list[str]:
    return list(
        MentorApplication.objects.sent()
        .exclude(department="")
        .order_by("department")
        .values_list("department", flat=True)
        .distinct()
    )


def test_each_department_of_a_sent_application_is_named_once_in_order(applications):
    departments = sent_departments()

    assert departments == the_orms_departments()
    assert departments == sorted(set(departments))
    assert {"Estates", "School of Art & Design"} <= set(departments)
    assert "Secret Drafting Unit" not in departments


def test_the_filter_links_each_department_once_in_order(client, cast, applications):
    client.force_login(cast.coordinator)

    content = client.get(CHANGELIST).content.decode()

    linked = re.findall(r'<a href="\?department=[^"]*">([^<]*)</a>', content)
    assert [unescape(name) for name in linked] == the_orms_departments()
