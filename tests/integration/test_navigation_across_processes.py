"""The navigation each worker keeps (mentoring.navigation) follows a change made in another
worker: the generation it is kept under lives in the shared cache, Redis or the database,
never in one process's memory. Two gunicorn servers (tests/integration/conftest.py)."""

import re

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher

from tests.factories import PASSWORD, MentorApplicationFactory
from tests.servers import Browser

pytestmark = [pytest.mark.production, pytest.mark.django_db(transaction=True)]


def nav_links(browser) -> str:
    status, _, page = browser.request("/dashboard/")
    assert status == 200, page
    return page[page.index('id="main-nav"') : page.index("</nav>")]


def test_an_application_withdrawn_on_one_server_leaves_the_others_navigation(servers, cast):
    applicant = cast.outsider
    # The suite hashes passwords with a fast hasher the servers do not accept.
    applicant.password = Argon2PasswordHasher().encode(PASSWORD, "a-salt-for-tests")
    applicant.save(update_fields=["password"])
    MentorApplicationFactory(programme=cast.programme, applicant=applicant)
    first, second = Browser(servers[0]), Browser(servers[1])
    for browser in (first, second):
        status, headers, _ = browser.sign_in(applicant.email, PASSWORD)
        assert (status, headers["Location"]) == (302, "/dashboard/")
    slug = cast.programme.slug
    withdraw = f"/apply/withdraw/?programme={slug}"
    status, _, page = first.request(withdraw)  # the confirmation page
    assert status == 200, page
    assert "Events</a>" in nav_links(second)  # read, and kept
    assert "Events</a>" in nav_links(second)

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"csrfmiddlewaretoken": token, "programme": slug, "confirm": "1"}
    status, headers, _ = first.request(withdraw, form)
    assert (status, headers["Location"]) == (302, "/dashboard/")

    assert "Events</a>" not in nav_links(second)
    assert "My application</a>" in nav_links(second)
