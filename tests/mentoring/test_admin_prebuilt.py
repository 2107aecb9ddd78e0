"""An annotation compiled once (mentoring.admin.prebuilt) says what Django's own says of each
row, in the same SQL, and still reads its own row once its query is nested in another (the
list's filter counts, `pk__in=…`)."""

import pytest
from django.db.models import Count, Q

from accounts.models import User
from mentoring.admin.prebuilt import Prebuilt
from mentoring.models import BoardMember, BriefingExemption, MentorApplication
from tests.factories import MentorApplicationFactory, MentorFactory

pytestmark = pytest.mark.django_db

BRIEFED = Prebuilt(MentorApplication.objects.with_briefed, "is_briefed")


@pytest.fixture
def applications(cast):
    """Briefed by attending (the cast's mentors), by exemption, and not at all."""
    exempted = MentorFactory(programme=cast.programme, briefed=False)
    BriefingExemption.objects.create(
        programme=cast.programme, person=exempted.applicant, note="Briefed one-to-one."
    )
    not_briefed = MentorApplicationFactory(programme=cast.programme)
    return exempted, not_briefed


def prebuilt():
    return MentorApplication.objects.annotate(is_briefed=BRIEFED.expression())


def test_it_says_of_each_row_what_with_briefed_says(applications):
    exempted, not_briefed = applications
    said = dict(prebuilt().values_list("pk", "is_briefed"))

    assert said == dict(MentorApplication.objects.with_briefed().values_list("pk", "is_briefed"))
    assert said[exempted.pk] is True
    assert said[not_briefed.pk] is False


def test_its_sql_is_djangos_own(applications):
    ours = prebuilt().filter(is_briefed=False).order_by("-is_briefed", "pk")
    djangos = MentorApplication.objects.with_briefed().filter(is_briefed=False)

    assert str(ours.query) == str(djangos.order_by("-is_briefed", "pk").query)


def test_nested_in_another_query_it_reads_its_own_row(applications):
    _, not_briefed = applications
    not_yet = prebuilt().filter(is_briefed=False)

    assert list(User.objects.filter(pk__in=not_yet.values("applicant"))) == [not_briefed.applicant]
    counts = MentorApplication.objects.aggregate(
        briefed=Count("pk", filter=Q(pk__in=prebuilt().filter(is_briefed=True))),
        not_yet=Count("pk", filter=Q(pk__in=not_yet)),
    )
    assert counts == {"briefed": 3, "not_yet": 1}


def test_a_query_of_another_model_is_refused(cast):
    with pytest.raises(ValueError, match="built for a query on"):
        BoardMember.objects.annotate(is_briefed=BRIEFED.expression())
