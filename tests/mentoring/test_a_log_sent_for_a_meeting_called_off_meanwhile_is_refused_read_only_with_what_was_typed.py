"""Maya is writing the log of a proposal when Bola, who proposed it, withdraws it ("we never
met"). Her Save is refused as a save for an ended pair is: on a page of its own (409), whose
one error summary says nothing was saved and who withdrew it, with what she typed shown back
once, to copy, and the way back to the meeting. No page offers her a Save that could only be
refused again."""

import re

import pytest
from django.urls import reverse

from mentoring.models import MeetingStatus
from tests.meetings import log_answers

pytestmark = pytest.mark.django_db

NOTES = "We met in the canteen after all; we talked about rotas."


def _typed_back(html: str) -> list[tuple[str, str]]:
    section = re.search(r'<section aria-labelledby="typed-heading".*?</section>', html, re.S)
    assert section, "nothing is shown back"
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", section.group(0), re.S)
    return [(label.strip(), text.strip()) for label, text in pairs]


def test_a_log_sent_after_the_partner_dropped_the_proposal_is_refused_read_only(
    cast, maya, bola, past_proposal
):
    url = reverse("meeting_log", args=[past_proposal.pk])
    assert maya.get(url).status_code == 200  # the page she types in
    bola.post(
        reverse("meeting_cancel", args=[past_proposal.pk]),
        {"reason": "We never met", "sequence": past_proposal.sequence},
    )

    response = maya.post(
        url,
        log_answers(note=NOTES)
        | {"action-0-text": "Shadow a night shift", "action-0-owner": "board_member"},
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert re.search(r"<title>Error: The meeting was not logged", html)
    assert html.count("data-error-summary") == 1
    summary = re.search(r"data-error-summary.*?</div>", html, re.S).group(0)
    assert "Nothing was saved." in summary
    assert re.findall(r"<li>(.*?)</li>", summary) == [
        "Bola withdrew this proposal, so it cannot be logged."
    ]
    assert _typed_back(html) == [
        ("Your private notes", NOTES),
        ("New action step 1: What will be done", "Shadow a night shift"),
    ]
    assert html.count(NOTES) == 1
    assert "Save the log" not in html
    assert f'href="{reverse("meeting_detail", args=[past_proposal.pk])}">Back to the meeting' in (
        html
    )
    past_proposal.refresh_from_db()
    assert past_proposal.status == MeetingStatus.DROPPED
    assert not past_proposal.notes.exists()
    assert not past_proposal.actions_recorded.exists()
