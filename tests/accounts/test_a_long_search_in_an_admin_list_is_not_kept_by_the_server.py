"""An admin list's links carry what was typed into its search box. Each process keeps the
encoded form of short parameters for its next pages (accounts.admin_base `_query_pair`),
never a long one typed: whatever staff search for, what is kept stays small."""

import pytest
from django.urls import reverse

from accounts.admin_base import _quoted_kept
from tests.cast import sign_in_as

pytestmark = pytest.mark.django_db

LIST = "admin:mentoring_mentorapplication_changelist"


def kept(name: str, value: str) -> bool:
    before = _quoted_kept.cache_info().hits
    _quoted_kept(name, value)
    return _quoted_kept.cache_info().hits == before + 1


def test_a_short_search_is_kept_and_a_long_one_is_not(client, cast):
    sign_in_as(client, cast, "coordinator")
    _quoted_kept.cache_clear()
    for typed in ("Maya", "é" * 2000):
        assert client.get(reverse(LIST), {"q": typed}).status_code == 200
    assert kept("q", "Maya")
    assert not kept("q", "é" * 2000)
