"""A briefing exemption counts its person as briefed, whom the board then pairs: the office
chooses among people taking part, each named with their address (two may share a name,
none deleted), and the person and programme of one recorded do not change under its
recorder's name."""

import html
import re

import pytest
from django.urls import reverse

from mentoring.models import BriefingExemption, MatchStatus
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("june")]


def picker(office, term):
    """The people the exemption's "Person" list offers whose text holds `term`."""
    page = office.get(reverse("admin:mentoring_briefingexemption_add")).content.decode()
    start = page.index('name="person"')
    listed = page[start : page.index("</select>", start)]
    offered = re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', listed)
    return [html.unescape(text) for text in offered if term in html.unescape(text)]


def test_the_exemption_picker_tells_two_people_of_one_name_apart(office, cast):
    """Two colleagues called Sam Patel: one an accepted mentor still to be briefed, the other
    in no programme. The office, exempting the mentor, must be able to tell which is which,
    or it records the wrong one briefed (and the mentor, never briefed, is matched). The
    conflict-of-interest pickers name each person with their address for this reason."""
    from tests.factories import MentorFactory

    MentorFactory(
        programme=cast.programme,
        applicant=UserFactory(full_name="Sam Patel", email="sam.patel@example.org"),
        briefed=False,
    )
    UserFactory(full_name="Sam Patel", email="sam.k.patel@example.org")

    offered = picker(office, "Sam Patel")

    # The mentor, named with her address; the namesake in no programme is not offered.
    assert offered == ["Sam Patel (sam.patel@example.org)"]


def test_the_exemption_picker_offers_no_deleted_account(office, cast, send):
    """A deleted account can never be briefed or matched: it is not offered as someone to
    exempt (the conflict-of-interest pickers leave deleted and inactive accounts out)."""
    from accounts.services import account_delete

    gone = UserFactory(full_name="Gina Gone", email="gina@example.org")
    send(account_delete, user=gone, by=cast.superuser)

    offered = picker(office, "")

    assert "Maya Mentor (maya@example.org)" in offered  # someone taking part is
    assert all("Gina" not in text for text in offered)
    gone.refresh_from_db()
    assert str(gone) not in offered, offered


def test_an_exemption_changed_to_another_person_does_not_keep_its_first_recorder(client, cast):
    """Carmen exempted Tom; Sue later changes the exemption's person to Ada. The list then
    says Carmen recorded, at Carmen's time, that Ada counts as briefed: nobody did."""
    from tests.factories import MentorFactory

    tom = MentorFactory(
        programme=cast.programme, applicant=UserFactory(full_name="Tom Tran"), briefed=False
    )
    ada = MentorFactory(
        programme=cast.programme, applicant=UserFactory(full_name="Ada Ahmed"), briefed=False
    )
    exemption = BriefingExemption.objects.create(
        programme=cast.programme,
        person=tom.applicant,
        note="One-to-one.",
        recorded_by=cast.coordinator,
    )
    client.force_login(cast.superuser)
    url = reverse("admin:mentoring_briefingexemption_change", args=[exemption.pk])
    client.post(
        url, {"programme": cast.programme.pk, "person": ada.applicant.pk, "note": "One-to-one."}
    )

    exemption.refresh_from_db()
    assert not (exemption.person == ada.applicant and exemption.recorded_by == cast.coordinator)


def exempted_mentor(cast, name: str, email: str) -> BriefingExemption:
    """A mentor of the cast's programme, paired, who counts as briefed by an exemption only."""
    from tests.factories import BoardMemberFactory, MatchFactory, MentorFactory

    mentor = MentorFactory(
        programme=cast.programme,
        applicant=UserFactory(full_name=name, email=email),
        briefed=False,
    )
    MatchFactory(
        programme=cast.programme,
        status=MatchStatus.ACTIVE,
        mentor=mentor,
        board_member=BoardMemberFactory(programme=cast.programme),
    )
    return BriefingExemption.objects.create(
        programme=cast.programme, person=mentor.applicant, note="Briefed one-to-one."
    )


def delete_confirmation(office, exemptions):
    """The page the list's delete action asks first with, as its words."""
    changelist = reverse("admin:mentoring_briefingexemption_changelist")
    page = office.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [e.pk for e in exemptions]},
    )
    assert page.status_code == 200
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.content.decode())).split())


def test_deleting_an_exemption_says_first_who_stops_counting_as_briefed(office, cast):
    """Deleting an exemption may unbrief someone already paired, as marking them absent
    would; the office is told first, for each, as that action tells it. Someone who also
    attended a briefing still counts."""
    sam = exempted_mentor(cast, "Sam Patel", "sam.patel@example.org")
    maya = BriefingExemption.objects.create(
        programme=cast.programme, person=cast.mentor, note="Also briefed one-to-one."
    )

    said = delete_confirmation(office, [sam, maya])

    assert (
        f"Sam Patel (sam.patel@example.org), exempted from the briefing in {cast.programme}: "
        "will no longer count as briefed, though they are in a pair (the pair stays as it is)"
    ) in said
    assert (
        f"Maya Mentor (maya@example.org), exempted from the briefing in {cast.programme}: "
        "still counts as briefed (a briefing attended)"
    ) in said
    assert BriefingExemption.objects.count() == 2  # nothing goes until the office says yes

    single = office.get(reverse("admin:mentoring_briefingexemption_delete", args=[sam.pk]))
    assert "will no longer count as briefed, though they are in a pair" in html.unescape(
        single.content.decode()
    )


def test_the_delete_confirmation_reads_the_same_for_two_exemptions_as_for_ten(
    office, cast, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for batch in (2, 10):
        exemptions = [
            exempted_mentor(cast, f"Person {batch}-{n}", f"p{batch}-{n}@example.org")
            for n in range(batch)
        ]
        with CaptureQueriesContext(connection) as seen:
            delete_confirmation(office, exemptions)
        counts.append(len(seen))
    assert counts[0] == counts[1], counts
