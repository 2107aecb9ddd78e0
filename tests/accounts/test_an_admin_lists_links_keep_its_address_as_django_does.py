"""Each link of an admin list that changes its address (a filter's choice, a column's
sorting, a page) is written by accounts.admin_base.SharedRowsChangeList.get_query_string,
each parameter encoded once per process and the page's own once per list: the same address
Django's own ChangeList writes, whatever the page's address holds and whatever the link adds
or takes away, link after link of the same list."""

import pytest
from django.contrib.admin.views.main import ChangeList
from hypothesis import given
from hypothesis import strategies as st

from accounts.admin_base import SharedRowsChangeList

NAMES = ["status__exact", "programme__id__exact", "q", "o", "é", "a b", "x&y=z", "100%", ""]
TEXTS = st.text(alphabet=st.sampled_from("aZ09 _-.~&=+%/?#é€<>\"'\u200b\x00"), max_size=6)
NAMED = st.one_of(st.sampled_from(NAMES), TEXTS)
VALUES = st.one_of(
    TEXTS,
    st.lists(TEXTS, max_size=3),
    st.tuples(TEXTS, TEXTS),
    st.integers(),
    st.booleans(),
)


def changelist(filter_params: dict):
    """A list whose page's address holds `filter_params` (as Django reads them: lists)."""
    listed = SharedRowsChangeList.__new__(SharedRowsChangeList)
    listed.filter_params = filter_params
    return listed


def assert_as_djangos(filter_params, new_params=None, remove=None):
    listed = changelist(filter_params)
    ours = listed.get_query_string(new_params, remove)
    djangos = ChangeList.get_query_string(listed, new_params, remove)
    assert ours == djangos
    assert listed.filter_params == filter_params  # the page's own left as it was


@pytest.mark.parametrize(
    ("filter_params", "new_params", "remove"),
    [
        ({}, None, None),
        ({}, {}, []),
        ({"status__exact": ["accepted"]}, {"status__exact": None}, []),
        ({"status__exact": ["accepted"]}, {"status__exact": "declined"}, None),
        ({"q": ["Zoë & co"]}, {"o": "1.-2"}, None),
        ({"q": [""]}, {"e": ""}, None),
        ({"q": [""], "o": ["2"]}, None, ["o", "q"]),
        ({"submitted_at__gte": ["2026-01-01"]}, {"submitted_at__lt": None}, ["submitted_at__"]),
        ({"themes__id__exact": ["3", "4"]}, {"themes__id__exact": ["5"]}, None),
        ({"themes__id__exact": ["3"]}, {"themes__id__exact": []}, None),
        ({"themes__isnull": ["True"]}, {"themes__id__exact": ("1", "2")}, ["themes__isnull"]),
        ({"a": ["<script>"], "b": ['"x"']}, {"c": "100% sure"}, None),
        ({"é": ["€"]}, {"日本": "語"}, ["é"]),
        ({"p": ["2"]}, {"p": 3}, None),
        ({"x": ["1"]}, {"y": True}, None),
    ],
)
def test_a_links_address_is_djangos(filter_params, new_params, remove):
    assert_as_djangos(filter_params, new_params, remove)


@given(
    filter_params=st.dictionaries(NAMED, st.lists(TEXTS, max_size=3), max_size=4),
    new_params=st.none() | st.dictionaries(NAMED, st.none() | VALUES, max_size=3),
    remove=st.none() | st.lists(NAMED, max_size=2),
)
def test_any_links_address_is_djangos(filter_params, new_params, remove):
    assert_as_djangos(filter_params, new_params, remove)


LINKS = st.tuples(
    st.none() | st.dictionaries(NAMED, st.none() | VALUES, max_size=3),
    st.none() | st.lists(NAMED, max_size=2),
)


@given(
    filter_params=st.dictionaries(NAMED, st.lists(TEXTS, max_size=3), max_size=5),
    links=st.lists(LINKS, min_size=2, max_size=6),
)
def test_each_link_of_a_list_is_djangos_after_its_other_links(filter_params, links):
    listed = changelist(filter_params)
    for new_params, remove in links:
        ours = listed.get_query_string(new_params, remove)
        assert ours == ChangeList.get_query_string(listed, new_params, remove)
    assert listed.filter_params == filter_params


def test_the_applications_lists_links_are_djangos_link_after_link():
    """The links the list of applications asks for, filtered, sorted, searched, on its
    second page with its counts shown, one list for all of them: each filter's choices
    (a value, repeated values, the filter taken away), the columns' sorting, the pages."""
    listed = changelist(
        {
            "status__exact": ["accepted"],
            "themes__id__exact": ["3", "4"],
            "o": ["-3.2"],
            "q": ["Zoë & co"],
            "_facets": ["True"],
            "submitted_at__gte": ["2026-01-01 00:00:00+00:00"],
            "submitted_at__lt": ["2026-02-01 00:00:00+00:00"],
        }
    )
    links = [
        ({"themes__id__exact": "5"}, ["themes__isnull"]),
        ({"themes__id__exact": ["3", "4", "5"]}, ["themes__isnull"]),
        ({}, ["themes__id__exact", "themes__isnull"]),
        ({"status__exact": None}, []),
        ({"status__exact": "déclinée"}, None),
        ({"submitted_at__gte": "2026-03-01", "submitted_at__lt": "2026-04-01"}, ["submitted_at__"]),
        ({"submitted_at__isnull": "True"}, ["submitted_at__"]),
        ({"o": "1.-3.2"}, None),
        ({"o": "3"}, None),
        ({"p": 2}, None),
        ({"p": 1}, None),
        (None, ["_facets"]),
        ({"_facets": True}, None),
        ({"q": "日本語 100%"}, None),
        (None, None),
        ({}, ["status__exact", "o"]),
    ]
    for new_params, remove in links:
        ours = listed.get_query_string(new_params, remove)
        assert ours == ChangeList.get_query_string(listed, new_params, remove)


def test_a_value_django_refuses_is_refused():
    listed, new_params = changelist({"x": ["1"]}), {"y": ["a", None]}
    with pytest.raises(TypeError):
        ChangeList.get_query_string(listed, new_params)
    with pytest.raises(TypeError):
        listed.get_query_string(new_params)
