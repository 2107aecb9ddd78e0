"""A new action step with text over the limit and no one to do it says both at once: the
length beside "What will be done" and "Say who will do this" beside "Who does it", not the
second only after the first is put right."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import bounds
from mentoring.models import ActionStep
from tests.admin_pages import words
from tests.meetings import log_answers

pytestmark = pytest.mark.django_db


def test_a_step_too_long_and_with_no_one_to_do_it_says_both(maya, cast, past_proposal):
    data = log_answers(actions=[("x" * (bounds.ACTION_STEP + 1), "", timezone.localdate())])

    response = maya.post(reverse("meeting_log", args=[past_proposal.pk]), data)

    assert response.status_code == 200
    page = words(response.content.decode())
    assert "New action step 1: Say who will do this: Maya (you) or Bola." in page
    assert f"{bounds.ACTION_STEP} characters" in page
    assert not ActionStep.objects.filter(match=cast.pair).exists()
