"""In the demo every page and email names one programme office: the account pages and
allauth's emails (no programme of their own, PROGRAMME_OFFICE_EMAIL) and the demo
programme's pages and emails alike."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import OutboxMessage
from mentoring.models import Programme
from tests.cast import SIGN_UP

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
OFFICE = "edi-office@example.org"


def make_run_sets(name: str) -> str | None:
    """The value `make run` gives the variable `name`, if it gives one."""
    makefile = (ROOT / "Makefile").read_text()
    found = re.search(rf"^run: export {name} \?= (\S+)$", makefile, re.M)
    return found.group(1) if found else None


@pytest.fixture
def demo(settings):
    """The demo as `make run` seeds it."""
    settings.DEBUG = True
    if office := make_run_sets("PROGRAMME_OFFICE_EMAIL"):
        settings.PROGRAMME_OFFICE_EMAIL = office
    call_command("seed_demo", stdout=StringIO())
    return Programme.objects.get(slug="2026-27-pilot")


def test_the_demo_programme_names_the_office_the_account_pages_name(client, demo):
    assert demo.contact_email == OFFICE
    assert f"mailto:{OFFICE}" in demo.contact
    for name in ("account_email_verification_sent", "account_reset_password_done"):
        page = client.get(reverse(name)).content.decode()
        assert re.findall(r"mailto:([^\"]+)", page) == [OFFICE], name


def test_an_account_email_names_the_office_the_demo_programme_names(client, demo):
    client.post(reverse("account_signup"), SIGN_UP)

    message = OutboxMessage.objects.get(kind="account/email/email_confirmation_signup")
    assert message.text.endswith(f"The programme office: {demo.contact_email}\n")


def test_the_demo_programme_follows_the_setting(settings):
    settings.DEBUG = True
    settings.PROGRAMME_OFFICE_EMAIL = "reverse-mentoring@university.example.ac.uk"

    call_command("seed_demo", stdout=StringIO())

    programme = Programme.objects.get(slug="2026-27-pilot")
    assert programme.contact_email == "reverse-mentoring@university.example.ac.uk"
    assert "edi-office" not in programme.contact


def test_make_run_names_an_office_that_reads_as_real():
    # Not the sender's mentoring@localhost, which nobody could write to.
    assert make_run_sets("PROGRAMME_OFFICE_EMAIL") == OFFICE
