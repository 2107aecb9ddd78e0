"""The people list is chosen by its own filters only, never by what other records hold of a
person through a hand-made address (Django allows a lookup on any relation of the row's
own): who keeps an unsent draft (drafts stay the applicant's), who changed their name (a
former name is only in the person's download) or who set up a second factor (authenticators
are a superuser's) is not the office's to list. The whole list is shown, saying why."""

import pytest
from django.urls import reverse

from accounts.models import FormerName
from tests.admin_pages import messages_shown
from tests.cast import sign_in_as
from tests.factories import DraftApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

PEOPLE = reverse("admin:accounts_user_changelist")
REFUSED = (
    "This list is chosen by its own filters only, not by what other records hold of its "
    "rows. All are shown."
)


def listed(page) -> set[str]:
    return {person.email for person in page.context["cl"].result_list}


@pytest.mark.parametrize(
    "query",
    [
        "?mentor_applications__isnull=False",
        "?mentor_applications__status=draft",
        "?former_names__isnull=False",
        "?former_names__text__icontains=formerly",
        "?authenticator__isnull=False",
        "?emailaddress__verified=True",
    ],
)
def test_a_lookup_into_what_other_records_hold_shows_everyone(client, cast, query):
    DraftApplicationFactory(programme=cast.programme, applicant=UserFactory(full_name="Dana Draft"))
    FormerName.objects.create(user=cast.outsider, text="Olu Formerly")
    sign_in_as(client, cast, "coordinator")
    everyone = listed(client.get(PEOPLE))

    response = client.get(PEOPLE + query)

    assert response.status_code == 302
    assert response.url == f"{PEOPLE}?e=1"
    page = client.get(response.url)
    assert messages_shown(page) == [REFUSED]
    assert listed(page) == everyone


def test_the_lists_own_filters_still_choose(client, cast):
    sign_in_as(client, cast, "coordinator")
    model_admin = client.get(PEOPLE).context["cl"].model_admin

    assert model_admin.lookup_allowed("is_staff__exact", "1", None)
    assert not model_admin.lookup_allowed("former_names__isnull", "False", None)
    page = client.get(PEOPLE + "?is_staff__exact=1")
    assert page.status_code == 200
    assert cast.mentor.email not in listed(page)
