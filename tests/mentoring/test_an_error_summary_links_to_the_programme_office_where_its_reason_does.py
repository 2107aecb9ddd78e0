"""A proposal refused because the pair's pages no longer offer it (Bola's account is
switched off, or Maya asked to end the pairing) comes back on a page whose error summary
says why with the programme office's address as a mailto link, as the pair page's message
does: the summary shows a message made safe HTML by the site (`format_html`) as HTML,
once. Every other message stays text, so nothing typed (a name, a place) becomes markup."""

from datetime import timedelta

import pytest
from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from mentoring.models import PairRequestKind
from mentoring.services.pairs import pair_request_raise
from tests.admin_pages import words

pytestmark = pytest.mark.django_db


def the_summary(page: str) -> str:
    """The error summary's list, as HTML."""
    return page.split("data-error-summary", 1)[1].split("</ul>", 1)[0]


def a_proposal() -> dict:
    day = timezone.localdate() + timedelta(days=10)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return {"day": day.isoformat(), "start": "10:00", "end": "11:00", "location": "Room 2.14"}


def office_link(cast) -> str:
    office = cast.programme.contact_email
    return f'<a href="mailto:{office}" class="alert-link">{office}</a>'


def test_a_proposal_to_a_partner_switched_off_says_in_the_summary_where_to_write(
    maya, cast, board_member_switched_off
):
    response = maya.post(reverse("meeting_new", args=[cast.pair.pk]), a_proposal())

    assert response.status_code == 409
    summary = the_summary(response.content.decode())
    assert office_link(cast) in summary
    assert "&lt;a" not in summary
    assert "Bola Board, whose account is switched off" in words(summary)


def test_a_proposal_after_asking_to_end_says_in_the_summary_where_to_write(maya, cast):
    pair_request_raise(match=cast.pair, person=cast.mentor, kind=PairRequestKind.END, note="")

    response = maya.post(reverse("meeting_new", args=[cast.pair.pk]), a_proposal())

    assert response.status_code == 409
    summary = the_summary(response.content.decode())
    assert office_link(cast) in summary
    assert "You asked the programme office to end this pairing" in words(summary)


class Typed(forms.Form):
    name = forms.CharField(label="Your name")

    def clean(self):
        typed = self.cleaned_data.get("name", "")
        # Repeats what was typed, as Django's "Select a valid choice. %(value)s …" does.
        self.add_error(
            "name", forms.ValidationError("%(value)s is taken.", params={"value": typed})
        )
        raise forms.ValidationError(f"Nothing was saved for {typed}.")


@pytest.mark.parametrize("typed", ["<script>alert(1)</script>", "<b>Bola</b>"])
def test_what_someone_typed_stays_text_in_the_summary(typed):
    summary = the_summary(
        render_to_string("includes/error_summary.html", {"forms": [Typed({"name": typed})]})
    )

    assert "<script" not in summary
    assert "<b>" not in summary
    assert words(summary).count(typed) == 2
    assert f'href="#id_name">{typed.replace("<", "&lt;").replace(">", "&gt;")} is taken.' in (
        summary
    )


class Linked(forms.Form):
    name = forms.CharField()

    def clean(self):
        self.add_error(
            "name",
            format_html('Ask <a href="mailto:{}">the office</a>.', "office@example.org"),
        )


def test_a_field_message_with_a_link_of_its_own_is_not_put_inside_the_fields_link():
    summary = the_summary(
        render_to_string("includes/error_summary.html", {"forms": [Linked({"name": "Maya"})]})
    )

    assert '<li>Ask <a href="mailto:office@example.org">the office</a>.</li>' in summary
    assert 'href="#id_name"' not in summary
