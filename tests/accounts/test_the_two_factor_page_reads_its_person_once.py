"""The two-factor page asks whether its person may switch their authenticator app off
(accounts.templatetags.two_factor.kept_by_the_office) of the person already signed in, not
of the authenticator's owner read again: the page lists only that person's own."""

import pytest

from tests.admin_pages import signed_in_for_real
from tests.query_counts import queries_for

pytestmark = pytest.mark.django_db

TWO_FACTOR = "/accounts/2fa/"

office = signed_in_for_real("coordinator")


def test_a_coordinators_two_factor_page_costs_four_queries(office):
    assert queries_for(office, TWO_FACTOR) == (
        1  # the session
        + 1  # the signed-in person
        + 1  # their authenticators, listed on the page
        + 1  # whether they have any (allauth's is_mfa_enabled)
    )
