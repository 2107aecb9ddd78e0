"""A message to a group is written to the outbox in one INSERT: the same queries for two
people as for twenty."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentoring.models import (
    CohortAudience,
)
from mentoring.selectors.cohorts import cohort_recipients, recipients_fingerprint
from mentoring.services.cohorts import cohort_message_send
from tests.factories import (
    MentorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _send_to_accepted_mentors(cast) -> int:
    recipients = list(cohort_recipients(programme=cast.programme, audience=CohortAudience.MENTORS))
    with CaptureQueriesContext(connection) as captured:
        _message, sent = cohort_message_send(
            programme=cast.programme,
            audience=CohortAudience.MENTORS,
            event=None,
            subject="The evaluation session",
            body="It is on 3 June.",
            sent_by=cast.coordinator,
            token=uuid.uuid4(),
            fingerprint=recipients_fingerprint(recipients),
        )
    assert sent
    return len(captured)


def test_writing_to_a_group_costs_the_same_for_two_and_twenty(cast):
    """The office's "Yes, send" writes one outbox row per recipient with its own INSERT
    (services.cohorts.cohort_message_send calls send_templated_mail in a loop): 9 queries for
    2 mentors, 17 for 10, so writing to a large cohort holds one transaction open for
    hundreds of statements. send_templated_mails writes them in one INSERT, as ending pairs
    in bulk does."""
    two = _send_to_accepted_mentors(cast)
    for _ in range(18):
        MentorFactory(programme=cast.programme, applicant=UserFactory())

    twenty = _send_to_accepted_mentors(cast)

    assert twenty == two
