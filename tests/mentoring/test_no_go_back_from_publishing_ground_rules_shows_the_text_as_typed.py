""" "No, go back" on the confirmation before publishing ground rules posts the text back, and
the add form is shown again as it was typed (up to 10,000 characters: a link to the list
would lose them), nothing published; as on every other confirmation of a form typed in the
office (admin/includes/confirm_form.html's back_posts). Also from the confirmation shown
again after a colleague published meanwhile, whose words say "if not, go back"."""

import pytest
from django.urls import reverse

from mentoring.models import GroundRules
from mentoring.services.pairs import ground_rules_publish
from tests.admin_pages import confirmed, form_data, messages_shown, signed_in_for_real, went_back

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")

RULES_ADD = reverse("admin:mentoring_groundrules_add")
TYPED = "Our own ground rules, written over an afternoon.\n\nWhat is said here stays here."


def asked_to_publish(office, cast):
    return office.post(RULES_ADD, {"programme": cast.programme.pk, "text": TYPED})


def test_no_go_back_posts_the_text_back_rather_than_linking_to_the_list(office, cast):
    markup = asked_to_publish(office, cast).content.decode()

    assert (
        '<button type="submit" name="went_back" value="yes" formnovalidate '
        'class="button cancel-link">No, go back</button>'
    ) in markup
    assert 'class="button cancel-link">No, go back</a>' not in markup


def test_going_back_shows_the_form_as_typed_and_publishes_nothing(office, cast):
    page = asked_to_publish(office, cast)

    back = office.post(RULES_ADD, went_back(page))

    assert back.status_code == 200
    assert not GroundRules.objects.exists()
    assert form_data(back) == {"programme": str(cast.programme.pk), "text": TYPED}
    assert messages_shown(back) == [
        "Nothing was published. Here are the ground rules as you typed them; Save asks "
        "again before it publishes them."
    ]
    assert "errornote" not in back.content.decode()


def test_saving_again_after_going_back_asks_again(office, cast):
    back = office.post(RULES_ADD, went_back(asked_to_publish(office, cast)))

    again = office.post(RULES_ADD, form_data(back))

    assert 'value="Yes, publish version 1' in again.content.decode()
    assert not GroundRules.objects.exists()


def test_going_back_after_a_colleague_published_meanwhile_keeps_the_text(office, cast):
    page = asked_to_publish(office, cast)
    ground_rules_publish(programme=cast.programme, text="A colleague's words", by=cast.superuser)
    shown_again = office.post(RULES_ADD, confirmed(page))
    assert 'value="Yes, publish version 2' in shown_again.content.decode()

    back = office.post(RULES_ADD, went_back(shown_again))

    assert form_data(back)["text"] == TYPED
    assert list(GroundRules.objects.values_list("version", flat=True)) == [1]
