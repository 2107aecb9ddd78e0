"""A member's page to talk to the programme office offers only what they have not sent and
the office has not decided yet, as their pair page does: reached again (the back button, an
old link), it does not lead to a confirmation of something already sent."""

import pytest
from django.urls import reverse

from mentoring.models import PairRequest
from tests.admin_pages import messages_shown, words

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(cast):
    return reverse("pair_request", args=[cast.pair.pk])


def asked(cast, kind):
    return PairRequest.objects.create(
        match=cast.pair, kind=kind, raised_by=cast.mentor, note="Some words"
    )


def test_after_asking_to_end_only_a_concern_is_offered(maya, cast, url):
    asked(cast, "end")

    page = maya.get(url + "?kind=end").content.decode()

    assert 'value="end"' not in page
    assert 'value="concern"' in page
    # The one left is chosen, and its note asked for.
    assert "Needed for a concern: say what it is, in a few words." in words(page)
    # The page says what the office has, not what asking to end would do.
    assert "already has your request to end the pairing and will be in touch" in words(page)
    assert "If you ask to end the pairing" not in words(page)


def test_sending_it_again_from_a_page_read_before_is_refused_before_any_confirmation(
    maya, cast, url
):
    asked(cast, "end")

    page = maya.post(url, {"kind": "end", "note": ""}).content.decode()

    assert "Send this to the programme office?" not in page
    assert "Yes, send it to the programme office" not in page
    assert (
        "You have already sent this to the programme office: they have your request to end "
        "the pairing and will be in touch." in words(page)
    )
    assert PairRequest.objects.count() == 1


def test_a_concern_already_raised_is_not_offered_again(maya, cast, url):
    asked(cast, "concern")

    page = maya.get(url + "?kind=concern").content.decode()

    assert 'value="concern"' not in page
    assert 'value="end"' in page
    assert "If you ask to end the pairing, the programme office decides" in words(page)
    assert "If you raise a concern" not in words(page)


def test_with_both_sent_the_page_sends_them_back_saying_the_office_has_both(maya, cast, url):
    asked(cast, "end")
    asked(cast, "concern")

    response = maya.get(url)

    assert response.status_code == 302
    assert messages_shown(maya.get(response.url)) == [
        "The programme office has your request to end the pairing and your concern, and will "
        "be in touch."
    ]


def test_the_partners_requests_do_not_change_what_is_offered(bola, cast, url):
    asked(cast, "end")  # Maya's

    page = bola.get(url + "?kind=end").content.decode()

    assert 'value="end"' in page
    assert 'value="concern"' in page


def test_a_fuller_concern_confirmed_in_an_older_tab_once_both_were_sent_is_shown_back_to_keep(
    maya, cast, url
):
    """Maya opens "Talk to the office" in a second tab; from the first she sends an end
    request and a concern; in the second she writes a fuller concern and confirms it."""
    assert maya.get(url + "?kind=concern").status_code == 200  # the second tab
    for kind, note in [("end", ""), ("concern", "A remark in our last meeting.")]:
        maya.post(url, {"kind": kind, "note": note, "confirmed": "yes"})
    assert PairRequest.objects.filter(match=cast.pair).count() == 2
    fuller = "A remark in our last meeting, and what it told me about how my team is seen."

    response = maya.post(url, {"kind": "concern", "note": fuller, "confirmed": "yes"})

    assert response.status_code == 409
    page = words(response.content.decode())
    assert "Nothing was saved." in page
    assert (
        "The programme office already has your request to end the pairing and your concern, "
        "so nothing more is sent from here until they are in touch. To add to your concern, "
        f"write to them at {cast.programme.contact_email}" in page
    )
    assert "What you had typed, not saved" in page
    assert f"A note for the programme office {fuller}" in page
    assert [r.note for r in PairRequest.objects.filter(kind="concern")] == [
        "A remark in our last meeting."
    ]
