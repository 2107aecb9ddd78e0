"""Every page reads (GET, HEAD) and takes forms (POST), nothing else: a view that draws itself
unless the method is POST would otherwise answer a PUT as if it were a GET."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = ["dashboard", "profile", "apply", "meetings", "events", "match", "admin:index"]


@pytest.mark.parametrize("method", ["put", "delete", "patch", "options"])
def test_any_other_method_is_refused_with_the_methods_a_page_takes(client, cast, method):
    for role, name in [("mentor", page) for page in PAGES[:-1]] + [("coordinator", PAGES[-1])]:
        client.force_login(cast.person(role))
        response = getattr(client, method)(reverse(name))
        assert response.status_code == 405, (role, name)
        assert response["Allow"] == "GET, HEAD, POST", name
        assert not response.content, name


def test_get_head_and_post_still_reach_the_page(client, cast):
    client.force_login(cast.mentor)
    assert client.get(reverse("profile")).status_code == 200
    assert client.head(reverse("profile")).status_code == 200
    assert client.post(reverse("profile_nudges"), {"wants_nudges": "on"}).status_code in (200, 302)
