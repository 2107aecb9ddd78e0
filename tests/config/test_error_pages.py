"""400, 404, 403 and 500 pages in the site's style, as a person sees them with DEBUG off."""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, RequestFactory
from django.urls import include, path, reverse
from django.views.defaults import bad_request, server_error

from tests.cast import sign_in_as


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("something broke")


def suspicious(request):
    raise SuspiciousOperation("a lookup nobody may make")


urlpatterns = [
    path("forbidden/", forbidden),
    path("broken/", broken),
    path("suspicious/", suspicious),
    path("", include("config.urls")),
]

pytestmark = pytest.mark.urls(__name__)


def assert_in_the_site_style(page: str) -> None:
    assert '<html lang="en-GB">' in page
    assert "css/site.css" in page
    assert "favicon.svg" in page
    assert 'class="navbar-brand" href="/">Reverse mentoring</a>' in page
    assert "Traceback" not in page
    assert page.count("<h1>") == 1


@pytest.fixture(autouse=True)
def _debug_off(settings):
    settings.DEBUG = False


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "mentor"])
def test_a_missing_page_says_so_in_the_sites_style(client, cast, role):
    sign_in_as(client, cast, role)

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    page = response.content.decode()
    assert_in_the_site_style(page)
    assert "<h1>Page not found</h1>" in page
    assert ("your dashboard" in page) == (role == "mentor")


@pytest.mark.django_db
def test_a_refused_page_says_so_and_offers_to_sign_in(client):
    response = client.get("/forbidden/")

    assert response.status_code == 403
    page = response.content.decode()
    assert_in_the_site_style(page)
    assert "<h1>You cannot open this page</h1>" in page
    assert "/accounts/login/?next=/forbidden/" in page


@pytest.mark.django_db
def test_a_signed_in_person_refused_is_not_asked_to_sign_in(client, cast):
    sign_in_as(client, cast, "mentor")

    page = client.get("/forbidden/").content.decode()

    assert "sign in</a> first" not in page
    assert "contact the programme office" in page


@pytest.mark.django_db
def test_a_server_error_shows_an_apology_not_a_traceback():
    client = Client(raise_request_exception=False)

    response = client.get("/broken/")

    assert response.status_code == 500
    page = response.content.decode()
    assert_in_the_site_style(page)
    assert "<h1>Something went wrong</h1>" in page
    assert "something broke" not in page


def test_the_500_page_needs_neither_the_database_nor_a_request_context():
    # No django_db mark: any query here fails the test. Django renders 500.html with an
    # empty context, without context processors.
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


@pytest.mark.django_db
def test_an_address_the_site_refuses_to_read_says_so_in_the_sites_style(client):
    response = client.get("/suspicious/")

    assert response.status_code == 400
    page = response.content.decode()
    assert_in_the_site_style(page)
    assert "<h1>This address cannot be read</h1>" in page
    assert "a lookup nobody may make" not in page


@pytest.mark.django_db
def test_a_filter_typed_into_an_admin_address_is_answered_in_the_sites_words(client, cast):
    sign_in_as(client, cast, "coordinator")

    # Two relations away, which Django itself refuses (a lookup through a relation pointing
    # at the row, `?themes__…` on programmes, is shown the whole list instead, said why).
    url = reverse("admin:mentoring_match_changelist")
    response = client.get(f"{url}?mentor__applicant__email=maya@example.org")

    assert response.status_code == 400
    assert "<h1>This address cannot be read</h1>" in response.content.decode()


def test_the_400_page_needs_neither_the_database_nor_a_request_context():
    response = bad_request(RequestFactory().get("/"), SuspiciousOperation())

    assert response.status_code == 400
    assert "This address cannot be read" in response.content.decode()


@pytest.mark.django_db
def test_a_host_not_allowed_is_answered_with_the_400_page_not_a_server_error(client, settings):
    settings.ALLOWED_HOSTS = ["mentoring.example.org"]

    response = client.get("/", HTTP_HOST="elsewhere.example.com")

    assert response.status_code == 400
    assert "<h1>This address cannot be read</h1>" in response.content.decode()
