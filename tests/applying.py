"""Sending an application as the browser does: the form posted with "Submit application",
then "Yes, send my application" on the page that names who will be emailed; and the answers
of a colleague who may take part (`application_answers`); the application page's address
(`apply_url`); what the navigation, the programme page and the dashboard offer
(`APPLY_LINK`, `APPLY_BUTTON`, `dashboard_page`, `programme_page`, `page_seen_by`), the
line of a sent application's page offering other programmes (`offer`), and the queries of a
refusal on /apply/ (`REFUSAL_QUERIES`)."""

import re

from django.urls import reverse

from tests.factories import STATEMENT, GradeFactory


def application_answers(programme, **changes) -> dict:
    """The application form for `programme` as a browser sends it, filled in by a colleague
    who may take part (no line manager named), with `changes` typed over it; a field changed
    to None is not sent at all."""
    data = {
        "can_commit_time": "yes",
        "flexible_availability": "yes",
        "will_attend_briefing": "yes",
        "has_experiences": "yes",
        "experience_statement": STATEMENT,
        "has_conflict": "no",
        "conflict_details": "",
        "department": "Library Services",
        "grade": GradeFactory().pk,
        "themes": [programme.themes.first().pk],
        "learning_style": "reflector",
        "interaction_approach": "questioning",
        "availability": ["1", "7"],
        "bio": "Library assistant; I run the staff book club.",
        "qualities_reflection": "I listen well; I want to challenge with more confidence.",
        **changes,
    }
    return {name: value for name, value in data.items() if value is not None}


def sent(client, url: str, data: dict, **kwargs):
    """Post `data` (with "submit"); when the answer is the confirmation, confirm it. The
    last response, as `client.post` returns it (`kwargs`: follow, and so on)."""
    response = client.post(url, {**data, "submit": "1"})
    shown = re.search(r'name="shown" value="([^"]+)"', response.content.decode())
    if shown is None:  # refused: the form again, with what to fix
        return response
    return client.post(url, {"send": "yes", "shown": shown.group(1)}, **kwargs)


def offer(html: str) -> str:
    """The line of a sent application's page offering the other programmes recruiting now,
    in words (its links' text run into the line); empty when there is none."""
    found = re.search(r"<p>You can also apply to .*?</p>", html, re.S)
    return " ".join(re.sub(r"<[^>]+>", "", found.group(0)).split()) if found else ""


def apply_url(programme=None):
    """The application page's address, for `programme` when one is given."""
    return reverse("apply") + (f"?programme={programme.slug}" if programme else "")


APPLY_LINK = "Apply</a>"  # the navigation's link
APPLY_BUTTON = "Apply to be a reverse mentor"  # the programme page's and the dashboard's


def page_seen_by(client, person, url: str) -> str:
    """The markup of the page at `url`, as `person`, signed in, is shown it."""
    client.force_login(person)
    return client.get(url).content.decode()


def dashboard_page(client, person) -> str:
    """The dashboard's markup, as `person` is shown it."""
    return page_seen_by(client, person, reverse("dashboard"))


def programme_page(client, person, programme) -> str:
    """`programme`'s page's markup, as `person` is shown it."""
    return page_seen_by(client, person, reverse("programme_detail", args=[programme.slug]))


# The queries of /apply/ refusing someone on the board at another address of theirs:
# 1 session, 2 user, 3 the programme, 4 whether a coordinator, 5 her own board places, 6 the
# board places that reach her mailboxes (mentoring.selectors.mailboxes), 7 the navigation's
# facts: the page is drawn from what the refusal found, not read again.
REFUSAL_QUERIES = 7
