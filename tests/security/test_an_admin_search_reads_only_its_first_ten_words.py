"""A search in any list of the programme office reads only the first 10 words of what was
typed, and at most 200 characters of them: Django's admin makes each word a condition on
every searched field, so 2,000 words took the list of reminders a minute and a half. The
list says what was left out, and its search box still shows all that was typed. Every
admin registered with a search is walked, so a new one is covered as it comes; the words
reaching the database are counted in the SQL sent, never timed."""

import html
import re

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.admin_base import searched_part
from tests.admin_pages import messages_shown, sign_in_for_real, signed_in_for_real

WORDS = "Only the first 10 words are searched."
CHARACTERS = "Only the first 200 characters are searched."
# Words no row holds, none a part of another, easy to find in the SQL sent.
TYPED = " ".join(f"qw{number:02}" for number in range(1, 41))
FIRST_TEN = {f"qw{number:02}" for number in range(1, 11)}

office = signed_in_for_real("coordinator")


def searched_lists() -> list[str]:
    return sorted(
        f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for model, model_admin in admin.site._registry.items()
        if model_admin.search_fields
    )


def searched(client, address: str, typed: str):
    """The list at `address` searched for `typed`, and the SQL its page sent."""
    with CaptureQueriesContext(connection) as sent:
        response = client.get(address, {"q": typed})
    assert response.status_code == 200, address
    return response, " ".join(query["sql"] for query in sent.captured_queries)


def search_box(response) -> str:
    found = re.search(r'<input[^>]*id="searchbar"[^>]*>', response.content.decode())
    assert found, "no search box"
    return html.unescape(re.search(r'value="([^"]*)"', found[0])[1])


@pytest.mark.parametrize(
    ("typed", "searched", "said"),
    [
        ("Maya", "Maya", ""),
        ("  Maya   Mentor ", "  Maya   Mentor ", ""),  # an ordinary search, as typed
        (" ".join("abcdefghij"), " ".join("abcdefghij"), ""),
        (" ".join("abcdefghijk"), " ".join("abcdefghij"), WORDS),
        # A quoted phrase is one word, as Django's admin reads it.
        ('"a b c" ' + " ".join("defghijklmn"), '"a b c" ' + " ".join("defghijkl"), WORDS),
        ("x" * 200, "x" * 200, ""),
        ("x" * 4000, "x" * 200, CHARACTERS),
        (" ".join(["y" * 30] * 12), " ".join(["y" * 30] * 10)[:200], CHARACTERS),
    ],
)
def test_what_is_searched_of_what_was_typed(typed, searched, said):
    assert searched_part(typed) == (searched, said)


def test_every_searched_list_reads_only_the_first_ten_words(client, cast):
    sign_in_for_real(client, cast, "superuser")  # who may open every list
    lists = searched_lists()
    assert "/admin/mentoring/reminder/" in lists
    assert "/admin/mentoring/pairhealth/" in lists

    for address in lists:
        response, sql = searched(client, address, TYPED)

        assert set(re.findall(r"qw\d\d", sql)) == FIRST_TEN, address
        assert messages_shown(response) == [WORDS], address
        assert search_box(response) == TYPED, address


def test_every_searched_list_reads_at_most_200_characters_of_one_long_word(client, cast):
    sign_in_for_real(client, cast, "superuser")
    for address in searched_lists():
        response, sql = searched(client, address, "z" * 4000)

        assert "z" * 200 in sql, address
        assert "z" * 201 not in sql, address
        assert messages_shown(response) == [CHARACTERS], address
        assert search_box(response) == "z" * 4000, address


def test_the_office_searching_reminders_with_many_words_is_told_only_ten_were_read(office):
    response, sql = searched(office, "/admin/mentoring/reminder/", TYPED)

    assert set(re.findall(r"qw\d\d", sql)) == FIRST_TEN
    assert messages_shown(response) == [WORDS]
    assert search_box(response) == TYPED


def test_an_ordinary_search_is_searched_as_typed_and_says_nothing(office, cast):
    typed = f"{cast.mentor.full_name.split()[0]} qw01 qw02"

    response, sql = searched(office, "/admin/mentoring/pairhealth/", typed)

    assert set(re.findall(r"qw\d\d", sql)) == {"qw01", "qw02"}
    assert messages_shown(response) == []
    assert search_box(response) == typed
