"""Two pages asking at once for a person's first calendar address (two tabs) show the same
one: the second does not replace the address the first page already showed. On PostgreSQL,
the other tab's request made between this one's look-up and its write."""

import pytest

from mentoring.models import CalendarFeed
from mentoring.services import pairs as pairs_services
from tests.concurrency import needs_postgresql, run_now
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgresql]


def test_two_tabs_asking_for_the_first_address_show_the_one_that_works(monkeypatch):
    person = UserFactory()
    fetch = pairs_services._FEED.fetch
    other = {}

    def found_before_the_other_tab_made_one(**kwargs):
        found = fetch(**kwargs)
        if not other:  # the other tab found none either, and makes it first
            other["token"] = None
            other["token"] = run_now(lambda: pairs_services.calendar_feed_for(person).token)
        return found

    monkeypatch.setattr(pairs_services._FEED, "fetch", found_before_the_other_tab_made_one)
    mine = pairs_services.calendar_feed_for(person).token

    working = CalendarFeed.objects.get(person=person).token
    assert mine == other["token"] == working
