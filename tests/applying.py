"""Sending an application as the browser does: the form posted with "Submit application",
then "Yes, send my application" on the page that names who will be emailed; and the answers
of a colleague who may take part (`application_answers`)."""

import re

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
