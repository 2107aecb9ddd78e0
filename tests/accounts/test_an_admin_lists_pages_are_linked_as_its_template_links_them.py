"""The links to an office list's pages are drawn in Python (`{% pagination_drawn %}`,
accounts/templatetags/admin_lists.py) with exactly the markup of the project's
admin/pagination.html (Django's, but for the line that counts the rows): the first, a
middle and the last of many pages, with "…" between, the link to show every row, one row,
and a list edited in place."""

from types import SimpleNamespace

import pytest
from django.contrib.admin.templatetags import admin_list
from django.template.loader import get_template
from django.urls import reverse
from django.utils.http import urlencode

from accounts.templatetags import admin_lists
from mentoring.admin.applications import MentorApplicationAdmin
from tests.cast import sign_in_as
from tests.factories import MentorApplicationFactory

pytestmark = pytest.mark.django_db

PAGINATION = get_template("admin/pagination.html")


def assert_linked_as_the_template_links(response):
    assert response.status_code == 200
    context = admin_list.pagination(response.context["cl"])
    drawn = admin_lists._pagination(context)
    assert drawn == PAGINATION.render(admin_list.pagination(response.context["cl"]))
    assert drawn in response.content.decode()
    return drawn


@pytest.fixture
def many_pages(cast, monkeypatch):
    """Some 24 applications, two a page."""
    monkeypatch.setattr(MentorApplicationAdmin, "list_per_page", 2)
    MentorApplicationFactory.create_batch(22, programme=cast.programme)


@pytest.mark.parametrize("page", [1, 2, 6, 11, 12])
@pytest.mark.parametrize("filtered", [False, True])
def test_each_page_of_a_long_list_links_its_pages_as_the_template_does(
    client, cast, many_pages, page, filtered
):
    sign_in_as(client, cast, "coordinator")
    url = reverse("admin:mentoring_mentorapplication_changelist")
    query = {"programme__id__exact": cast.programme.pk, "o": "-3"} if filtered else {}

    drawn = assert_linked_as_the_template_links(
        client.get(f"{url}?{urlencode({**query, 'p': page})}")
    )

    assert f'<span class="this-page">{page}</span>' in drawn
    assert 'class="showall"' in drawn
    if page in (1, 12):
        assert "…" in drawn


def test_a_list_shown_whole_and_a_list_of_one_row_are_counted_as_the_template_counts(
    client, cast, many_pages
):
    sign_in_as(client, cast, "coordinator")
    url = reverse("admin:mentoring_mentorapplication_changelist")

    assert_linked_as_the_template_links(client.get(f"{url}?all="))
    one = cast.mentor.mentor_applications.get()
    drawn = assert_linked_as_the_template_links(
        client.get(f"{url}?{urlencode({'q': one.applicant.email})}")
    )
    assert drawn.count("<a ") == 0


def test_a_list_counted_by_its_noun_is_counted_as_the_template_counts(client, cast):
    sign_in_as(client, cast, "coordinator")

    drawn = assert_linked_as_the_template_links(
        client.get(reverse("admin:mentoring_pairhealth_changelist"))
    )
    assert "active pair" in drawn


@pytest.mark.parametrize(("count", "formset"), [(0, object()), (3, object()), (3, None)])
def test_a_list_edited_in_place_offers_to_save_as_the_template_does(count, formset):
    opts = SimpleNamespace(verbose_name="row <b>", verbose_name_plural="rows & <b>")
    cl = SimpleNamespace(
        result_count=count,
        formset=formset,
        model_admin=SimpleNamespace(),
        opts=opts,
        show_all=False,
        can_show_all=True,
        multi_page=False,
    )
    context = admin_list.pagination(cl)

    assert admin_lists._pagination(context) == PAGINATION.render(context)
