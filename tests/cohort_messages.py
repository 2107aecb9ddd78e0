"""Writing to a group of the current programme, for the tests of the office's group
messages: people beyond the cast's two pairs (`people_beyond_the_cast`, a fixture for a
module to name), the compose form as the office fills it in (`compose`), its preview
(`preview`) and whom that names (`recipients`)."""

import pytest
from django.urls import reverse

from mentoring.models import RegistrationStatus
from tests.factories import (
    BoardMemberFactory,
    BriefedBoardMemberFactory,
    EventFactory,
    MentorApplicationFactory,
    MentorFactory,
    ProgrammeFactory,
    RegistrationFactory,
    UserFactory,
)

# The office's page for writing to a group.
ADD = reverse("admin:mentoring_cohortmessage_add")


# What a message says, unless a test writes something else.
BODY = "The evaluation session is on 3 June.\n\nPlease bring <one> example of what changed."


def people_beyond_the_cast():
    """A fixture for a module to name (`people = people_beyond_the_cast()`): beyond the cast's
    two pairs, an accepted mentor and a board member not yet paired, an applicant under
    review, an invited board member who has not joined, and an event."""

    @pytest.fixture
    def fixture(cast):
        programme = cast.programme
        ana = MentorFactory(
            programme=programme,
            applicant=UserFactory(full_name="Ana Accepted", email="ana@example.org"),
        ).applicant
        ben = BriefedBoardMemberFactory(
            programme=programme, user=UserFactory(full_name="Ben Board", email="ben@example.org")
        ).user
        MentorApplicationFactory(
            programme=programme,
            applicant=UserFactory(full_name="Una Undecided", email="una@example.org"),
        )
        BoardMemberFactory(programme=programme, user=None, email="ivy@example.com")
        event = EventFactory(programme=programme, title="Evaluation and learning")
        RegistrationFactory(event=event, person=cast.mentor)
        RegistrationFactory(event=event, person=ana, status=RegistrationStatus.ATTENDED)
        RegistrationFactory(
            event=event,
            person=UserFactory(full_name="Cal Cancelled", email="cal@example.org"),
            status=RegistrationStatus.CANCELLED,
        )
        other = ProgrammeFactory(status="closed", recruitment_open=False)
        MentorFactory(
            programme=other, applicant=UserFactory(full_name="Pat Past", email="pat@example.org")
        )
        return {"ana": ana, "ben": ben, "event": event}

    return fixture


def compose(client, audience, *, event=None, subject="The evaluation session", body=BODY):
    """The compose form as the office fills it in for `audience`, with its token."""
    form = client.get(ADD).context["form"]
    return {
        "audience": audience,
        "event": event.pk if event else "",
        "subject": subject,
        "body": body,
        "token": form["token"].value(),
    }


def preview(client, data):
    """`client` asks to preview the message `data` composes."""
    return client.post(ADD, {**data, "step": "preview"})


def recipients(response) -> list[str]:
    """Whom a preview says the message goes to, each as "Name <address>"."""
    return [f"{person.full_name} <{person.email}>" for person in response.context["recipients"]]
