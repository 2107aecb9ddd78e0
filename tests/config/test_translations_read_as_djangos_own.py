"""Each language's translation remembers its answers (config.translations): the same text as
Django's own lookup through the catalogues, for every message of the catalogues and for
messages they lack, in the language active at the time, starting afresh when Django builds
its translations again (a setting changed)."""

import struct
from gettext import GNUTranslations

import pytest
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext, trans_real

from config import translations
from config.translations import remembered_gettext

LANGUAGES = ("en-gb", "en", "fr", "de", "ar", "ja")
MISSING = ("Sidebar", "A message no catalogue has", "Start typing to filter…", "Line\nbreak")


def messages_of(language: str) -> list[str]:
    catalog = trans_real.translation(language)._catalog
    return [key for key, _ in catalog.items() if isinstance(key, str) and key] + list(MISSING)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_reads_as_djangos_lookup_first_and_again(language):
    django_s = trans_real.translation(language)
    for message in messages_of(language):
        expected = GNUTranslations.gettext(django_s, message)
        assert remembered_gettext(django_s, message) == expected
        assert remembered_gettext(django_s, message) == expected  # remembered
        assert type(remembered_gettext(django_s, message)) is type(expected)


def test_djangos_gettext_asks_the_translation_which_remembers():
    # Pins the private path relied on: trans_real.gettext calls the active translation's
    # `gettext` (a DjangoTranslation's), which config.apps made `remembered_gettext`.
    assert trans_real.DjangoTranslation.gettext is remembered_gettext
    with translation.override("en-gb"):
        assert gettext("Sidebar") == "Sidebar"
        assert trans_real.translation("en-gb").__dict__["_remembered"]["Sidebar"] == "Sidebar"


def test_each_language_answers_in_its_own_words():
    with translation.override("fr"):
        assert gettext("Filter") == "Filtre"
        assert pgettext("abbrev. month", "May") == "mai"
    with translation.override("de"):
        assert gettext("Filter") == "Filter"
        assert gettext("Sidebar") == "Seitenleiste"
    with translation.override("fr"):
        assert gettext("Filter") == "Filtre"
    with translation.override("en-gb"):
        assert gettext("Filter") == "Filter"
        assert gettext("Sidebar") == "Sidebar"


def test_a_message_marked_safe_stays_safe_and_plain_text_stays_plain():
    with translation.override("en-gb"):
        assert type(gettext("Sidebar")) is str
        assert isinstance(gettext(mark_safe("Sidebar")), SafeString)
        assert type(gettext("Sidebar")) is str
    with translation.override("fr"):
        assert isinstance(gettext(mark_safe("Filter")), SafeString)
        assert gettext(mark_safe("Filter")) == "Filtre"


def test_no_more_messages_are_remembered_than_the_limit(monkeypatch):
    monkeypatch.setattr(translations, "REMEMBERED", 2)
    django_s = trans_real.DjangoTranslation("en-gb")
    for message in ("Filter", "Sidebar", "Go", "A message no catalogue has"):
        assert remembered_gettext(django_s, message) == message
    assert len(django_s._remembered) == 2


def mo_file(path, words: dict[str, str]) -> None:
    """A compiled catalogue (GNU .mo) of `words`, written as msgfmt writes one."""
    entries = sorted({"": "Content-Type: text/plain; charset=UTF-8\n", **words}.items())
    ids = [key.encode() for key, _ in entries]
    strs = [value.encode() for _, value in entries]
    start = 7 * 4 + 16 * len(entries)
    id_table, str_table, data = [], [], b""
    for text in ids:
        id_table.append((len(text), start + len(data)))
        data += text + b"\0"
    for text in strs:
        str_table.append((len(text), start + len(data)))
        data += text + b"\0"
    header = struct.pack("Iiiiiii", 0x950412DE, 0, len(entries), 28, 28 + 8 * len(entries), 0, 0)
    tables = b"".join(struct.pack("ii", *pair) for pair in id_table + str_table)
    path.parent.mkdir(parents=True)
    path.write_bytes(header + tables + data)


def test_a_catalogue_changed_by_the_settings_is_read_afresh(settings, tmp_path):
    with translation.override("en-gb"):
        assert gettext("Sidebar") == "Sidebar"
        mo_file(tmp_path / "en_GB/LC_MESSAGES/django.mo", {"Sidebar": "Side panel"})
        settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]
        translation.activate("en-gb")
        assert gettext("Sidebar") == "Side panel"
        settings.LOCALE_PATHS = settings.LOCALE_PATHS[1:]
        translation.activate("en-gb")
        assert gettext("Sidebar") == "Sidebar"
