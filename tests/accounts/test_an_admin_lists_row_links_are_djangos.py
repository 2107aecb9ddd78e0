"""Each row of an admin list links to its object's page, from one reversal for the page
around a stand-in id (accounts.admin_base.SharedRowsChangeList.url_for_result): the same
address Django's own change list reverses for each row, whatever the id holds."""

from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.test import RequestFactory

from accounts.admin_base import SharedRowsChangeList
from mentoring.models import Match

pytestmark = pytest.mark.django_db

IDS = [1, 42, 10**18, "a b", "x/y_z:1", "100%", "é?#&=", "<tag>", "//lead", "~ok@"]


@pytest.mark.parametrize("pk", IDS)
def test_a_rows_link_is_the_one_django_reverses(cast, pk):
    request = RequestFactory().get("/admin/mentoring/match/")
    request.user = cast.coordinator
    changelist = admin.site._registry[Match].get_changelist_instance(request)
    assert isinstance(changelist, SharedRowsChangeList)
    row = SimpleNamespace(**{changelist.pk_attname: pk})

    assert changelist.url_for_result(row) == ChangeList.url_for_result(changelist, row)
