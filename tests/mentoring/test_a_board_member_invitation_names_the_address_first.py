"""Before a board member is invited, the office's confirmation lists who is emailed by their
address first, then the board, role and programme they are invited to, then what happens:
the board is not presented as the person emailed."""

import re

import pytest
from django.urls import reverse

from tests.admin_pages import words
from tests.factories import BoardFactory, ProgrammeFactory, UserFactory

pytestmark = pytest.mark.django_db

INVITE = reverse("admin:mentoring_boardmember_add")
DASH = "\N{EN DASH}"


@pytest.fixture
def programme():
    return ProgrammeFactory(name="Reverse Mentoring 2026/27", slug="rm-2026")


@pytest.fixture
def presidents_board():
    return BoardFactory(name="President's Board")


def _asked(office, **data) -> str:
    response = office.post(INVITE, data)
    assert response.status_code == 200
    return words(response.content.decode())


def test_a_new_address_is_listed_first_with_where_it_is_invited(
    office, programme, presidents_board
):
    page = _asked(
        office, programme=programme.pk, email="Dean-Arts@example.org", board=presidents_board.pk
    )

    assert (
        f"Who will be emailed (1) dean-arts@example.org {DASH} President's Board, "
        "Reverse Mentoring 2026/27: emailed an invitation link"
    ) in page
    assert "President's Board (Reverse Mentoring 2026/27)" not in page


def test_an_address_with_an_account_says_its_role_and_that_it_is_added_at_once(
    office, programme, presidents_board
):
    UserFactory(full_name="Dana Dean", email="dean-arts@example.org")

    page = _asked(
        office,
        programme=programme.pk,
        email="dean-arts@example.org",
        board=presidents_board.pk,
        role_title="Dean of Arts",
    )

    assert (
        f"Who will be emailed (1) dean-arts@example.org {DASH} President's Board, Dean of Arts, "
        "Reverse Mentoring 2026/27: added at once and told by email"
    ) in page


def test_with_neither_board_nor_role_the_programme_alone_is_said(office, programme):
    page = _asked(office, programme=programme.pk, email="dean-arts@example.org")

    assert (
        f"dean-arts@example.org {DASH} Reverse Mentoring 2026/27: emailed an invitation link"
        in page
    )


def test_the_confirmation_leads_back_through_board_members(office, programme):
    response = office.post(INVITE, {"programme": programme.pk, "email": "dean@example.org"})

    trail = re.search(r'<div class="breadcrumbs">(.*?)</div>', response.content.decode(), re.S)
    assert words(trail.group(1)) == (
        "Home \N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK} Mentoring "
        "\N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK} Board members "
        "\N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK} "
        "Invite dean@example.org to Reverse Mentoring 2026/27 as a board member?"
    )
    assert f'href="{reverse("admin:mentoring_boardmember_changelist")}"' in trail.group(1)
