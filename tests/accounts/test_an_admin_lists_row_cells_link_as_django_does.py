"""The cell that links a row of an admin list to its object's page writes the address
Django's `items_for_result` writes (its `url_for_result`, the list's filters kept, escaped),
a whole-number id without quoting or escaping it (accounts.templatetags.admin_lists
`_wrapper`: its digits are left as they are), any other through the list's `url_for_result`."""

from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.views.main import ChangeList
from django.test import RequestFactory
from django.utils.html import escape

from accounts.templatetags import admin_lists
from mentoring.models import Match

pytestmark = pytest.mark.django_db

IDS = [1, 42, -7, 0, 10**18, True, "12", "a b", "x/y_z:1", "100%", "é?#&=", "<tag>", "~ok@"]
ADDRESSES = ["", "?o=-2.1&q=Zo%C3%AB+%26+co", "?status=active&p=2&_facets=True"]


def changelist(cast, address: str):
    request = RequestFactory().get(f"/admin/mentoring/match/{address}")
    request.user = cast.coordinator
    return admin.site._registry[Match].get_changelist_instance(request)


def djangos_cell(cl, row, shown: str, url_for_result=ChangeList.url_for_result) -> str:
    """What `items_for_result` writes for a linked first cell (`th`) around `shown`."""
    url = add_preserved_filters(
        {"preserved_filters": cl.preserved_filters, "opts": cl.opts}, url_for_result(cl, row)
    )
    return f'<th class="c"><a href="{escape(url)}">{shown}</a></th>'


@pytest.mark.parametrize("address", ADDRESSES)
@pytest.mark.parametrize("pk", IDS)
def test_a_rows_linked_cell_links_where_djangos_does(cast, address, pk):
    cl = changelist(cast, address)
    row = SimpleNamespace(**{cl.pk_attname: pk})

    drawn = admin_lists._wrapper(cl, "th")(' class="c"', row)("shown")

    assert drawn == djangos_cell(cl, row, "shown")


def test_a_list_linking_its_rows_its_own_way_is_followed(cast):
    cl = changelist(cast, "")

    class OwnLinks(type(cl)):
        def url_for_result(self, result):
            before, after = self._change_url_around
            return f"{before}own-{getattr(result, self.pk_attname)}{after}"

    cl.__class__ = OwnLinks
    row = SimpleNamespace(**{cl.pk_attname: 5})

    drawn = admin_lists._wrapper(cl, "th")(' class="c"', row)("shown")

    assert drawn == djangos_cell(cl, row, "shown", OwnLinks.url_for_result)
    assert "/own-5/" in drawn
