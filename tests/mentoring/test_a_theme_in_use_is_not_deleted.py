"""A theme that applications, board members' profiles or meeting logs chose cannot be
deleted from the programme's page: deleting it would take it out of each of them and change
the matching scores. The page says how many applications and profiles chose it and saves
nothing; a theme nobody chose is deleted as before. Which themes a pair's meeting logs chose
is the pair's: once any log chose one, no theme is deleted, and the refusal reads the same
for every theme, so that it never tells the office which."""

import re

import pytest
from django.urls import reverse

from mentoring.models import BoardMember, Programme, Theme
from mentoring.selectors.themes import theme_delete_refusals
from tests.admin_pages import form_data, words
from tests.factories import HeldMeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def themes(cast):
    """The cast's programme's two themes: the first chosen by Maya's and Omar's
    applications and Bola's profile; the second by nobody. No meeting log chose either."""
    chosen, unused = Theme.objects.filter(programme=cast.programme).order_by("position")
    cast.pair.mentor.themes.set([chosen])
    cast.other_pair.mentor.themes.set([chosen])
    cast.pair.board_member.themes.set([chosen])
    cast.other_pair.board_member.themes.set([])
    return chosen, unused


def change_url(programme: Programme) -> str:
    return reverse("admin:mentoring_programme_change", args=[programme.pk])


def delete_ticked(office, programme: Programme, theme: Theme, **changes):
    """The programme's page posted back with `theme`'s "Delete?" ticked (as pressing Enter in
    any of its boxes would send it)."""
    data = form_data(office.get(change_url(programme)))
    [row] = [k for k, v in data.items() if re.fullmatch(r"themes-\d+-id", k) and v == theme.pk]
    return office.post(
        change_url(programme), {**data, row.replace("-id", "-DELETE"): "on", **changes}
    )


def summary(page) -> str:
    found = re.search(r'<div class="alert alert-danger error-summary".*?</div>', page, re.S)
    assert found, "no error summary on the page"
    return words(found.group(0))


def test_a_theme_in_use_stays_and_the_page_says_who_chose_it(office, cast, themes):
    chosen, _unused = themes

    page = delete_ticked(office, cast.programme, chosen, name="Renamed on the way")

    assert page.status_code == 200
    assert (
        "“Anti-racism” cannot be deleted: 2 applications and 1 board member's profile chose "
        "it, and deleting it would take it out of them and change the matching scores."
    ) in summary(page.content.decode())
    assert Theme.objects.filter(pk=chosen.pk).exists()
    assert BoardMember.objects.get(user=cast.board_member).themes.get() == chosen
    assert list(cast.pair.mentor.themes.all()) == [chosen]
    # Nothing on the page was saved.
    cast.programme.refresh_from_db()
    assert cast.programme.name == "2026/27 pilot"


def test_a_theme_nobody_chose_is_deleted(office, cast, themes):
    chosen, unused = themes

    response = delete_ticked(office, cast.programme, unused)

    assert response.status_code == 302
    assert list(Theme.objects.filter(programme=cast.programme)) == [chosen]


def test_the_refusal_is_worked_out_in_one_query_for_any_number_of_themes(
    cast, themes, django_assert_num_queries
):
    chosen, unused = themes

    with django_assert_num_queries(1):
        refusals = theme_delete_refusals([chosen, unused])

    assert [refusal.split(":")[0] for refusal in refusals] == ["“Anti-racism” cannot be deleted"]


def test_a_theme_a_pairs_log_chose_stays_without_the_office_learning_which(office, cast, themes):
    chosen, unused = themes
    HeldMeetingFactory(match=cast.pair).themes.add(unused)

    refusals = [
        summary(delete_ticked(office, cast.programme, theme).content.decode())
        for theme in (unused, chosen)
    ]

    # The theme the log chose and the one it did not are refused in the same words.
    logged = "pairs have chosen among this programme's themes in their meeting logs"
    assert f"“Culture change” cannot be deleted: {logged}" in refusals[0]
    assert f"change the matching scores; and {logged}" in refusals[1]
    assert "meeting log chose" not in " ".join(refusals)
    assert Theme.objects.filter(programme=cast.programme).count() == 2
