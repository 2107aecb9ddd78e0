"""Translations looked up once per process for each language and message.

Django finds a message by walking the language's catalogues, one for each app with words
of its own, then each of their fallbacks in turn (`gettext` of Python's GNUTranslations):
on the site's English (en-gb), a message absent from the British catalogues, as most of
the admin's are, goes through eight catalogues and six fallbacks, some 50 Python calls,
each time a page asks for it (the admin's list of applications asks some 70 times).

A language's translation object (`DjangoTranslation`) is built once per process from the
catalogue files and kept by Django until a setting it depends on changes (then Django
builds another): what it answers for a message never changes while it lives. So each one
remembers its answers (`remembered_gettext`), on itself, so that a new one starts afresh.
Activating a language picks another object, with its own answers. Django asks with plain
text (`trans_real.gettext` makes a message marked safe plain, and marks the answer safe
again); anything else asked directly is looked up as Django would, not remembered. At most
`REMEMBERED` messages for each language, in case a message is made from data.
`tests/config/test_translations_read_as_djangos_own.py` holds it to Django's answers."""

from gettext import GNUTranslations

from django.utils.translation import trans_real

# How many messages each language's translation remembers: the project's and Django's
# messages are some thousands; beyond that, Django looks them up each time.
REMEMBERED = 8192


def remembered_gettext(translation: GNUTranslations, message: str) -> str:
    """`GNUTranslations.gettext(translation, message)`, remembered by `translation`."""
    remembered = translation.__dict__.get("_remembered")
    if remembered is None:
        remembered = translation.__dict__.setdefault("_remembered", {})
    if type(message) is not str:
        return GNUTranslations.gettext(translation, message)
    try:
        return remembered[message]
    except KeyError:
        said = GNUTranslations.gettext(translation, message)
        if len(remembered) < REMEMBERED:
            remembered[message] = said
        return said


def remember_translations() -> None:
    """Each of Django's translation objects remembers its answers from now on
    (`ConfigConfig.ready`); `trans_real.gettext` asks the active one's `gettext`."""
    trans_real.DjangoTranslation.gettext = remembered_gettext
