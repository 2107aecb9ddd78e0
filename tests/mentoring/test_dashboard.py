import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_asked_to_sign_in(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_staff_member_is_greeted_by_name(client, staff_member):
    client.force_login(staff_member)
    content = client.get(reverse("dashboard")).content.decode()
    assert "Welcome, Sam" in content
    assert "member of staff" in content
    assert "Open the programme office" not in content


def test_a_coordinator_is_pointed_to_the_programme_office(client, coordinator):
    client.force_login(coordinator)
    content = client.get(reverse("dashboard")).content.decode()
    assert "You are a programme coordinator" in content
    assert reverse("admin:index") in content


def test_the_home_page_sends_signed_in_people_to_their_dashboard(client, staff_member):
    client.force_login(staff_member)
    assert client.get("/").url == reverse("dashboard")
