"""The expired page's link leads back to the page the form was on (or a page to start from),
never to where the form was sent, which may answer only a form."""

import pytest
from django.urls import reverse

from tests.admin_pages import signed_in_for_real

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")


def test_the_expired_page_pages_link_opens_a_page_not_a_bare_405(office):
    """A coordinator signed in again in another tab, then presses "Log out" in the admin
    tab left open: its token is out of date, so she gets the site's new "This page was out
    of date" page (`accounts.views.csrf_failure`), whose only way on is "Open the page
    again", a link to `request.path`: the address the form was sent TO, not the page it was
    sent from. The admin's log-out takes only POST, so the link answers 405 with an empty
    body: a blank page. The link should lead to a page (the one the form was on, or one
    that opens with GET), never a 405."""
    import re

    office.handler.enforce_csrf_checks = True
    refused = office.post(reverse("admin:logout"), {"csrfmiddlewaretoken": "x" * 64})
    assert refused.status_code == 403
    [again] = re.findall(r'href="([^"]*)">Open the page again', refused.content.decode())

    opened = office.get(again)

    assert opened.status_code != 405, f"{again} answers 405, an empty page"
