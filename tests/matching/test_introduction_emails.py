"""When a pair is confirmed each person is emailed the other's profile and the next steps, and
nothing of what was shared only with the programme office."""

import html

import pytest

from mentoring.models import MentorApplication
from tests.factories import STATEMENT, MatchFactory
from tests.matching.board import accept, briefed_board_member, introductions, words

pytestmark = pytest.mark.django_db


def test_the_introductions_share_the_other_persons_profile_and_the_next_steps_only(
    office, programme, priya, grace, mailoutbox, django_capture_on_commit_callbacks
):
    MentorApplication.objects.filter(pk=priya.pk).update(
        has_conflict=True, conflict_details="My partner works in the Provost's Office."
    )
    match = MatchFactory(mentor=priya, board_member=grace)

    with django_capture_on_commit_callbacks(execute=True):
        accept(office, programme, match)

    emails = introductions(mailoutbox)
    to_priya, to_grace = emails["priya@example.org"], emails["grace@example.com"]
    assert to_priya.subject == "Meet your board member: Grace Okafor"
    assert to_grace.subject == "Meet your reverse mentor: Priya Patel"
    for message, expected, address in [
        (
            to_priya,
            [
                "Dear Priya,",
                "Grace Okafor (Provost, President's Board)",
                "Provost since 2022; chairs the Provost's Board.",
                "Themes they care about: Anti-racism, Culture change",
            ],
            "grace@example.com",
        ),
        (
            to_grace,
            [
                "Dear Grace,",
                "Priya Patel (Research technician, Finance)",
                "Research technician who runs the staff race network's book club.",
                "Themes they care about: Anti-racism, Culture change",
            ],
            "priya@example.org",
        ),
    ]:
        html_body = message.alternatives[0][0]
        assert message.alternatives[0][1] == "text/html"
        assert address in message.body
        assert f'href="mailto:{address}"' in html_body
        # Unescaped here so this test is about what is shared; escaping has its own test.
        for text in [html.unescape(message.body), words(html_body)]:
            flat = " ".join(text.split())
            for phrase in expected:
                assert phrase in flat
            assert "Agree your ground rules together" in flat
            assert "Book your first meeting: about 60 minutes, then every 6 to 8 weeks." in flat
            assert "https://mentoring.example.org/match/" in text + html_body
            for private in [
                STATEMENT,
                "I listen well",
                "My partner works in the Provost's Office.",
                "How decisions at the top feel",
            ]:
                assert private not in flat


def test_the_plain_text_introductions_show_what_people_typed_not_html_entities(
    office, programme, priya, mailoutbox, django_capture_on_commit_callbacks
):
    niamh = briefed_board_member(
        programme, "Niamh O'Brien", bio="Dean of Arts; I chair the Dean's Committee."
    )
    match = MatchFactory(mentor=priya, board_member=niamh)

    with django_capture_on_commit_callbacks(execute=True):
        accept(office, programme, match)

    to_priya = introductions(mailoutbox)["priya@example.org"]
    assert to_priya.subject == "Meet your board member: Niamh O'Brien"
    assert "Niamh O'Brien (Provost, President's Board)" in to_priya.body
    assert "Dean of Arts; I chair the Dean's Committee." in to_priya.body
    assert "&#x27;" not in to_priya.body
    to_niamh = introductions(mailoutbox)["niamh@example.com"]
    assert "Research technician who runs the staff race network's book club." in to_niamh.body
    assert "&#x27;" not in to_niamh.body


def test_the_introduction_points_to_proposing_a_time_on_the_pair_page(
    office, programme, priya, grace, mailoutbox, django_capture_on_commit_callbacks
):
    match = MatchFactory(mentor=priya, board_member=grace)

    with django_capture_on_commit_callbacks(execute=True):
        accept(office, programme, match)

    to_priya = introductions(mailoutbox)["priya@example.org"]
    html_body = to_priya.alternatives[0][0]
    assert (
        "Propose a time for your first meeting on your pair page:\n"
        "https://mentoring.example.org/match/\n" in to_priya.body
    )
    assert (
        '<a href="https://mentoring.example.org/match/">Propose a time for your first meeting on '
        "your pair page</a>." in html_body
    )
    # The partner's address stays, for a hello before the first meeting, never to book it.
    assert "To say hello first, write to Grace Okafor at grace@example.com." in to_priya.body
    assert (
        'To say hello first, write to Grace Okafor at <a href="mailto:grace@example.com">'
        "grace@example.com</a>." in html_body
    )
    for said in (to_priya.body, words(html_body)):
        assert "to find a time" not in said
