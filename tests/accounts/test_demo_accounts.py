"""Demo accounts (published password and authenticator secret) sign in to the embedded demo
(DEBUG on) and never to a site running with production settings."""

import importlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.adapter import DEMO_ACCOUNT_REFUSED
from accounts.models import User
from config.management.commands.seed_demo import DEMO_PASSWORD
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

DEMO_MENTOR = "amara.okafor@example.org"
DEMO_COORDINATOR = "office@example.org"


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())


def sign_in(client, email, password=DEMO_PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_every_account_seed_demo_prints_is_marked_as_a_demo(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)

    printed = {word for word in out.getvalue().split() if "@" in word}
    printed = {word.strip(",()") for word in printed}
    assert printed
    assert set(User.objects.filter(is_demo=True).values_list("email", flat=True)) >= printed


def test_a_demo_account_signs_in_with_debug_on(client, demo):
    response = sign_in(client, DEMO_MENTOR)

    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    assert client.get(reverse("dashboard")).wsgi_request.user.email == DEMO_MENTOR


def test_a_demo_account_is_refused_with_debug_off_and_told_why(client, demo, settings):
    settings.DEBUG = False

    response = sign_in(client, DEMO_MENTOR)

    assert response.status_code == 200
    assert DEMO_ACCOUNT_REFUSED in response.content.decode()
    assert not client.get(reverse("dashboard")).wsgi_request.user.is_authenticated


def test_the_demo_coordinator_is_refused_before_the_authenticator_step(client, demo, settings):
    settings.DEBUG = False

    response = sign_in(client, DEMO_COORDINATOR)

    assert response.status_code == 200
    assert DEMO_ACCOUNT_REFUSED in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_wrong_password_for_a_demo_account_says_only_that_it_is_wrong(client, demo, settings):
    settings.DEBUG = False

    page = sign_in(client, DEMO_MENTOR, "not-the-password").content.decode()

    assert "demo account" not in page
    assert "The email address and/or password you specified are not correct." in page


def test_a_demo_session_ends_when_the_site_runs_without_debug(client, demo, settings):
    assert sign_in(client, DEMO_MENTOR).status_code == 302
    settings.DEBUG = False

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_real_account_signs_in_with_debug_off(client, settings):
    settings.DEBUG = False
    person = UserFactory(email="real@example.org")

    response = sign_in(client, person.email, PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("dashboard")


def test_an_account_seeded_before_demo_accounts_were_marked_is_marked_on_the_next_seed(
    settings,
):
    settings.DEBUG = True
    old = UserFactory(email=DEMO_MENTOR, password=DEMO_PASSWORD)
    real = UserFactory(email="tom.nguyen@example.org")  # the same address, its own password

    call_command("seed_demo", stdout=StringIO())

    old.refresh_from_db()
    real.refresh_from_db()
    assert old.is_demo
    assert not real.is_demo


def test_the_migration_marks_accounts_seeded_before_by_their_published_password():
    from django.apps import apps

    migration = importlib.import_module("accounts.migrations.0007_user_is_demo")
    seeded = UserFactory(email=DEMO_MENTOR, password=DEMO_PASSWORD)
    real = UserFactory(email="real@example.org")

    migration.mark_demo_accounts(apps, None)

    seeded.refresh_from_db()
    real.refresh_from_db()
    assert seeded.is_demo
    assert not real.is_demo
