"""Every page carries a strict Content Security Policy (no inline script or style runs, the
admin's pages included), has nothing in its HTML that the policy would refuse, and a page
with personal or confidential content (tests/every_page.py says which) is never stored by a
browser or a proxy, while the public programme page may be."""

import re

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings as django_settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import include, path, reverse

from tests.admin_pages import sign_in_for_real
from tests.every_page import ADMIN_MODELS, PAGES, admin_pages, furnish, inline_code
from tests.factories import PASSWORD, CoordinatorFactory

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy(response) -> dict[str, str]:
    header = response.get("Content-Security-Policy")
    assert header, "no Content-Security-Policy header"
    directives = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return dict(directives)


def assert_strict(response) -> None:
    header = response.get("Content-Security-Policy", "")
    assert policy(response) == POLICY, header
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header


def assert_nothing_inline(response) -> None:
    if response.get("Content-Type", "").startswith("text/html"):
        assert inline_code(response.content.decode()) == []


def assert_not_stored(response) -> None:
    cache_control = response.get("Cache-Control", "")
    assert "no-store" in cache_control, cache_control


@pytest.fixture
def scene(cast):
    return furnish(cast)


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_the_page_has_a_strict_policy_and_nothing_inline(client, scene, page):
    if person := scene.person(page.role):
        client.force_login(person)

    response = client.get(page.url(scene))

    assert response.status_code == (404 if page.name == "page not found" else 200)
    assert_strict(response)
    assert_nothing_inline(response)
    if page.personal:
        assert_not_stored(response)


@pytest.mark.parametrize("label", ADMIN_MODELS)
def test_every_admin_page_of_the_model_has_a_strict_policy_and_nothing_inline(client, scene, label):
    client.force_login(scene.cast.superuser)
    pages = admin_pages(label, client.get(reverse("admin:index")).wsgi_request)

    for url, allowed in pages:
        response = client.get(url)

        if not allowed and response.status_code == 302:
            # Refused by leading to the object's own page, which says why (an event people
            # registered for is not deleted): that page is held to the same policy.
            assert response.url == url.removesuffix("delete/") + "change/", url
            response = client.get(response.url)
            allowed = True
        assert response.status_code == (200 if allowed else 403), url
        assert_strict(response)
        assert_nothing_inline(response)
        assert_not_stored(response)


def test_the_new_password_page_a_reset_link_opens_is_never_stored(client, cast):
    key = {
        "uidb36": user_pk_to_url_str(cast.outsider),
        "key": default_token_generator.make_token(cast.outsider),
    }

    link = client.get(reverse("account_reset_password_from_key", kwargs=key))
    form = client.get(link.url)  # allauth moves the key out of the address, into the session

    assert link.status_code == 302
    assert_not_stored(link)
    assert form.status_code == 200
    assert 'name="password1"' in form.content.decode()
    assert_not_stored(form)


def test_the_public_programme_page_may_be_kept(client, cast):
    response = client.get(reverse("programme_detail", args=[cast.programme.slug]))

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_list_without_an_actions_bar_has_no_inline_style(client, scene, monkeypatch):
    # Django writes a <style> for a changelist with no actions bar; our override does not.
    model_admin = next(a for m, a in admin.site._registry.items() if m._meta.model_name == "event")
    monkeypatch.setattr(model_admin, "actions_on_top", False)
    monkeypatch.setattr(model_admin, "actions_on_bottom", False)
    client.force_login(scene.cast.superuser)

    response = client.get(reverse("admin:mentoring_event_changelist"))

    assert response.status_code == 200
    assert inline_code(response.content.decode()) == []
    body_class = re.search(r'<body class="([^"]*)"', response.content.decode())[1]
    assert "no-actions-bar" in body_class.split()  # static/css/admin.css keeps Django's rule


def test_the_pages_reached_on_signing_in_through_the_second_factor_have_the_policy(client, scene):
    sign_in_for_real(client, scene.cast, "coordinator")

    for url in [reverse("mfa_authenticate"), reverse("dashboard"), reverse("admin:index")]:
        response = client.get(url, follow=True)
        assert_strict(response)
        assert_nothing_inline(response)


def test_a_staff_account_setting_up_its_authenticator_sees_the_qr_code_under_the_policy(client, db):
    coordinator = CoordinatorFactory(mfa=False)
    client.post(reverse("account_login"), {"login": coordinator.email, "password": PASSWORD})
    confirm = client.get(reverse("mfa_activate_totp"), follow=True)  # password again first
    assert confirm.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    assert_strict(confirm)
    assert_nothing_inline(confirm)
    client.post(confirm.redirect_chain[-1][0], {"password": PASSWORD})

    response = client.get(reverse("mfa_activate_totp"))

    assert response.status_code == 200
    assert_strict(response)
    assert_nothing_inline(response)
    assert 'src="data:image/svg+xml' in response.content.decode()  # allowed by img-src data:
    assert_not_stored(response)


def broken(request):
    raise RuntimeError("something broke")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("broken/", broken),
    path("forbidden/", forbidden),
    path("", include("config.urls")),
]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(("url", "status"), [("/broken/", 500), ("/forbidden/", 403)])
def test_an_error_page_has_the_policy_too(settings, cast, url, status):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(cast.mentor)

    response = client.get(url)

    assert response.status_code == status
    assert_strict(response)
    assert_nothing_inline(response)
    assert_not_stored(response)


def without_comments(template: str) -> str:
    template = re.sub(r"{#.*?#}", "", template)
    return re.sub(r"{% comment %}.*?{% endcomment %}", "", template, flags=re.DOTALL)


def test_no_page_template_has_inline_script_or_style():
    # Pages the walk above does not reach (a confirmation shown after a POST, an error
    # state) are templates too. Emails are not pages: mail clients need inline styles.
    templates = django_settings.BASE_DIR / "templates"
    pages = [path for path in templates.rglob("*.html") if "email" not in path.parent.parts]

    found = {
        str(path.relative_to(templates)): inline_code(without_comments(path.read_text()))
        for path in pages
    }

    assert len(pages) > 80
    assert {path: code for path, code in found.items() if code} == {}
