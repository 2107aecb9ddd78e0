"""A programme's page offers only the statuses it may take from the one it has, saying why
beside the status (`status_moves`), and refuses one posted anyway in those words: a closed
programme does not open again (nor recruit: its recruitment is shown, not offered), and an
active one that people take part in does not go back to a draft. A new programme, a draft,
and an active one nobody is in yet may take any."""

import re

import pytest
from django.urls import reverse

from mentoring.models import ProgrammeStatus
from mentoring.models.programmes import status_moves
from tests.admin_pages import change_url, form_data, signed_in_for_real
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db
office = signed_in_for_real("coordinator")

CLOSED_SAYS = (
    "This programme has closed: it has ended for everyone in it, and does not open again. "
    "Set up the next cohort as a new programme."
)
NO_DRAFT_SAYS = (
    "People have applied to this programme or been invited to it, so it cannot go back to a "
    "draft: their pages and reminders would vanish. Close it instead, or close its "
    "recruitment."
)


def statuses_offered(page) -> list[str]:
    assert page.status_code == 200
    select = re.search(r'<select name="status"[^>]*>(.*?)</select>', page.content.decode(), re.S)
    return re.findall(r'<option value="(\w+)"', select.group(1))


def said(page) -> str:
    return " ".join(page.content.decode().split())


def closed(programme) -> None:
    programme.status, programme.recruitment_open = ProgrammeStatus.CLOSED, False
    programme.save(update_fields=["status", "recruitment_open"])


@pytest.mark.parametrize(
    ("saved", "people_take_part", "statuses", "recruitment_may_change"),
    [
        (None, False, ["draft", "active", "closed"], True),
        ("draft", True, ["draft", "active", "closed"], True),
        ("active", False, ["draft", "active", "closed"], True),
        ("active", True, ["active", "closed"], True),
        ("closed", False, ["closed"], False),
        ("closed", True, ["closed"], False),
    ],
)
def test_where_a_programme_may_go_from_its_status(
    saved, people_take_part, statuses, recruitment_may_change
):
    moves = status_moves(saved, people_take_part=people_take_part)

    assert list(moves.statuses) == statuses
    assert moves.recruitment_may_change is recruitment_may_change
    assert bool(moves.refused) is (len(statuses) < 3)


def test_a_closed_programmes_page_offers_it_no_other_status_nor_recruitment(office, cast):
    closed(cast.programme)

    page = office.get(change_url(cast.programme))

    assert statuses_offered(page) == ["closed"]
    assert CLOSED_SAYS in said(page)
    assert 'name="recruitment_open"' not in page.content.decode()


def test_a_closed_programme_posted_as_active_is_refused_in_the_words_beside_its_status(
    office, cast
):
    closed(cast.programme)
    url = change_url(cast.programme)

    page = office.post(url, {**form_data(office.get(url)), "status": "active"})

    assert page.status_code == 200
    assert page.context["adminform"].form.errors["status"] == [CLOSED_SAYS]
    cast.programme.refresh_from_db()
    assert cast.programme.status == ProgrammeStatus.CLOSED


def test_an_active_programme_people_take_part_in_offers_no_way_back_to_draft(office, cast):
    page = office.get(change_url(cast.programme))

    assert statuses_offered(page) == ["active", "closed"]
    assert NO_DRAFT_SAYS in said(page)
    assert 'name="recruitment_open"' in page.content.decode()


def test_one_posted_as_a_draft_anyway_is_refused_in_those_words(office, cast):
    url = change_url(cast.programme)
    data = {k: v for k, v in form_data(office.get(url)).items() if k != "recruitment_open"}

    page = office.post(url, {**data, "status": "draft"})

    assert page.status_code == 200
    assert page.context["adminform"].form.errors["status"] == [NO_DRAFT_SAYS]
    cast.programme.refresh_from_db()
    assert cast.programme.status == ProgrammeStatus.ACTIVE


def test_an_active_programme_nobody_is_in_yet_may_go_back_to_draft(office, cast):
    cohort = ProgrammeFactory(name="Next cohort", recruitment_open=False)
    url = change_url(cohort)
    page = office.get(url)
    assert statuses_offered(page) == ["draft", "active", "closed"]

    response = office.post(url, {**form_data(page), "status": "draft"})

    assert response.status_code == 302
    cohort.refresh_from_db()
    assert cohort.status == ProgrammeStatus.DRAFT


def test_a_draft_and_a_new_programme_are_offered_every_status_and_recruitment(office, cast):
    draft = ProgrammeFactory(status=ProgrammeStatus.DRAFT, recruitment_open=False)

    new = office.get(reverse("admin:mentoring_programme_add"))

    for page in (office.get(change_url(draft)), new):
        assert statuses_offered(page) == ["draft", "active", "closed"]
        assert 'name="recruitment_open"' in page.content.decode()
        assert CLOSED_SAYS not in said(page)
        assert NO_DRAFT_SAYS not in said(page)
