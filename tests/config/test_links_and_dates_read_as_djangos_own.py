"""Every template's `{% url %}` and `|date` (config.templating, the engine's built-ins) give
what Django's own give, for every URL of the project and every format its templates use,
while skipping the work Django redoes each time."""

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Engine, engines
from django.template import defaultfilters as django_filters
from django.urls import NoReverseMatch, get_resolver, reverse
from django.urls.converters import IntConverter, SlugConverter
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st

import config.templating
from config.templating import date_writer, reversed_url

ROOT = Path(__file__).resolve().parents[2]
PROJECT = engines["django"].engine  # with config.templating among its built-ins
DJANGO = Engine()  # Django's built-ins alone


def both(source: str, **context) -> tuple[str, str]:
    """`source` rendered by the project's engine and by Django's own."""
    return tuple(
        engine.from_string(source).render(Context(context)) for engine in (PROJECT, DJANGO)
    )


# URLs


def _names_and_converters():
    """Each URL name of the project outside a namespace, with its parameters' converters."""
    found = []
    for name in get_resolver().reverse_dict:
        if not isinstance(name, str):
            continue
        for possibility, _, _, converters in get_resolver().reverse_dict.getlist(name):
            for _, params in possibility:
                found.append((name, [(p, type(converters.get(p))) for p in params]))
    return sorted(found, key=str)


NAMES = _names_and_converters()
SLUGS = st.from_regex(r"\A[-a-zA-Z0-9_]{1,40}\Z")
IDS = st.integers(min_value=0, max_value=2**63 - 1)
TEXT = st.text(min_size=1, max_size=30)


def _value(converter):
    if converter is IntConverter:
        return IDS
    if converter is SlugConverter:
        return SLUGS
    return TEXT  # tokens and keys: reverse's own answer


def _same_as_reverse(name, args=(), kwargs=None):
    try:
        expected = reverse(name, args=args, kwargs=kwargs)
    except NoReverseMatch:
        with pytest.raises(NoReverseMatch):
            reversed_url(name, args, kwargs)
        return
    assert reversed_url(name, args, kwargs) == expected


def test_the_project_has_urls_of_each_kind_covered():
    kinds = {converter for _, params in NAMES for _, converter in params}
    assert {IntConverter, SlugConverter} <= kinds
    assert any(not params for _, params in NAMES)


@pytest.mark.parametrize(("name", "params"), NAMES, ids=[name for name, _ in NAMES])
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_every_url_of_the_project_reads_as_reverse_gives_it(name, params, data):
    values = [data.draw(_value(converter)) for _, converter in params]
    _same_as_reverse(name, kwargs=dict(zip([p for p, _ in params], values, strict=True)))
    _same_as_reverse(name, args=values)


@pytest.mark.parametrize(
    ("name", "args", "kwargs"),
    [
        ("event_calendar", [-1], None),  # the int converter takes no sign
        ("event_calendar", [True], None),  # a bool is no id
        ("event_calendar", ["12"], None),  # text for an id: reverse's own answer
        ("event_calendar", [1, 2], None),  # one argument too many
        ("event_calendar", None, {"id": 1}),  # a parameter it does not have
        ("programme_detail", ["two words"], None),  # no slug
        ("programme_detail", ["x/y"], None),
        ("no_such_page", None, None),
        ("dashboard", [1], None),
        ("admin:index", None, None),  # a namespace: reverse itself
        ("admin:mentoring_event_change", [3], None),
    ],
)
def test_what_reverse_refuses_or_answers_oddly_is_answered_the_same(name, args, kwargs):
    _same_as_reverse(name, args=args or (), kwargs=kwargs)


def test_a_second_id_for_the_same_url_is_filled_in_without_reversing_again(monkeypatch):
    calls = []

    def counted(*args, **kwargs):
        calls.append(args)
        return reverse(*args, **kwargs)

    monkeypatch.setattr(config.templating, "reverse", counted)
    config.templating._pieces.cache_clear()
    urls = [reversed_url("meeting_detail", kwargs={"pk": pk}) for pk in (3, 41, 2_000_000)]
    assert urls == [reverse("meeting_detail", kwargs={"pk": pk}) for pk in (3, 41, 2_000_000)]
    assert len(calls) == 1  # the stand-in's, once


def test_a_url_follows_the_url_configuration_in_use(settings):
    """What is kept for one URL configuration is not given for another."""
    original, here = settings.ROOT_URLCONF, reversed_url("meeting_detail", kwargs={"pk": 3})
    settings.ROOT_URLCONF = "tests.config.urls_elsewhere"
    assert reversed_url("meeting_detail", kwargs={"pk": 3}) == "/elsewhere/meetings/3/"
    settings.ROOT_URLCONF = original
    assert reversed_url("meeting_detail", kwargs={"pk": 3}) == here


def test_a_token_in_a_url_is_reversed_each_time_and_never_kept(monkeypatch):
    """An invitation's token is a secret: it goes to reverse, not into what is kept."""
    kept = []
    monkeypatch.setattr(
        config.templating,
        "_pieces",
        lambda *key: kept.append(key) or pytest.fail("the token was kept"),
    )
    url = reversed_url("invitation_accept", ["s3cret-token"])
    assert url == reverse("invitation_accept", args=["s3cret-token"])
    assert kept == []


@pytest.mark.parametrize(
    "source",
    [
        "{% url 'dashboard' %}",
        "{% url 'event_calendar' 5 %}",
        "{% url 'meeting_detail' pk=pk %}",
        "{% url 'programme_detail' slug %}",
        "{% url name pk %}",  # a name from the context
        "{% url 'admin:index' %}",
        "{% url 'programme_detail' 'a&b' as link %}[{{ link }}]",  # refused: empty
        "{% url 'no_such_page' as link %}[{{ link }}]",
        "{% url 'event_calendar' pk as link %}{{ link }}|{{ link }}",
        "{% autoescape off %}{% url 'invitation_accept' token %}{% endautoescape %}",
        "{% url 'invitation_accept' token %}",
    ],
)
def test_the_url_tag_writes_what_djangos_writes(source):
    ours, djangos = both(
        source, pk=41, slug="bench-cohort-20", name="event_register", token="a&b<c>"
    )
    assert ours == djangos


def test_the_url_tag_refuses_an_unknown_page_as_djangos_does():
    for engine in (PROJECT, DJANGO):
        with pytest.raises(NoReverseMatch):
            engine.from_string("{% url 'no_such_page' %}").render(Context())


# Dates

FORMATS_IN_TEMPLATES = sorted(
    {
        match
        for path in (ROOT / "templates").rglob("*.html")
        for match in re.findall(r'\|date:"([^"]*)"', path.read_text())
    }
)
ZONES = ["Europe/London", "America/St_Johns", "Asia/Kolkata", "Pacific/Chatham", "UTC"]
MOMENTS = st.datetimes(
    min_value=datetime(1, 1, 2),  # noqa: DTZ001 (hypothesis takes naive bounds)
    max_value=datetime(9999, 12, 30),  # noqa: DTZ001
    timezones=st.just(UTC),
)
# Formats of the letters handled here, Django's other letters, escapes and punctuation.
LETTERS = st.sampled_from(list("lDFMjdmYHGi") + list("aAbcNnyPrSsTUuwWzZ") + [" ", ",", ":"])
FORMATS = st.lists(st.one_of(LETTERS, st.just("\\j"), st.just("·")), max_size=12).map("".join)


def test_the_templates_use_the_formats_this_knows():
    assert FORMATS_IN_TEMPLATES  # read from the templates
    for format_string in FORMATS_IN_TEMPLATES:
        assert config.templating._compiled(format_string) is not None, format_string


def test_a_date_in_a_known_format_is_written_without_djangos_formatter(monkeypatch):
    monkeypatch.setattr(
        config.templating.defaultfilters, "date", lambda *a: pytest.fail("Django's formatter")
    )
    moment = datetime(2026, 12, 1, 9, 5, tzinfo=UTC)
    assert date_writer("l j F Y, H:i")(moment) == "Tuesday 1 December 2026, 09:05"
    assert date_writer("j M Y")(date(2026, 3, 4)) == "4 Mar 2026"


@settings(max_examples=200, deadline=None)
@given(moment=MOMENTS, zone=st.sampled_from(ZONES), format_string=FORMATS)
def test_a_moment_reads_as_djangos_date_filter_writes_it(moment, zone, format_string):
    with timezone.override(ZoneInfo(zone)):
        source = "{{ moment|date:format }}"
        ours, djangos = both(source, moment=moment, format=format_string)
        assert ours == djangos
        local = timezone.localtime(moment)
        assert date_writer(format_string)(local) == django_filters.date(local, format_string)


@pytest.mark.parametrize("format_string", FORMATS_IN_TEMPLATES)
@settings(max_examples=30, deadline=None)
@given(moment=MOMENTS, zone=st.sampled_from(ZONES))
def test_every_format_of_the_templates_reads_as_djangos(format_string, moment, zone):
    with timezone.override(ZoneInfo(zone)):
        ours, djangos = both(f'{{{{ moment|date:"{format_string}" }}}}', moment=moment)
        assert ours == djangos


@settings(max_examples=100, deadline=None)
@given(day=st.dates(), format_string=FORMATS)
def test_a_day_reads_as_djangos_date_filter_writes_it(day, format_string):
    try:
        expected = django_filters.date(day, format_string)
    except TypeError:  # a time of day asked of a date: Django refuses, and so does this
        with pytest.raises(TypeError):
            date_writer(format_string)(day)
        return
    assert date_writer(format_string)(day) == expected


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "not a date",
        0,
        datetime(2026, 3, 29, 0, 30),  # noqa: DTZ001 (naive: written as it is)
        datetime(2026, 3, 29, 0, 30, tzinfo=UTC) + timedelta(microseconds=1),
        date(2026, 12, 25),
    ],
)
@pytest.mark.parametrize(
    "source",
    [
        "{{ value|date }}",
        '{{ value|date:"DATE_FORMAT" }}',
        '{{ value|date:"SHORT_DATETIME_FORMAT" }}',
        '{{ value|date:"j F Y" }}',
        '{{ value|date:"jS \\o\\f F" }}',
        '{{ value|date:"" }}',
    ],
)
def test_odd_values_and_named_formats_read_as_djangos(value, source):
    """The same text, or the same refusal (a time of day asked of a date)."""

    def outcome(engine):
        try:
            return engine.from_string(source).render(Context({"value": value}))
        except TypeError as error:
            return str(error)

    assert outcome(PROJECT) == outcome(DJANGO)


@pytest.mark.parametrize("language", ["fr", "de", "cy"])
def test_the_names_of_days_and_months_are_those_of_the_language_in_use(language):
    moment = datetime(2026, 8, 2, 18, 0, tzinfo=UTC)
    with translation.override(language):
        ours, djangos = both('{{ moment|date:"l j F Y, D j M" }}', moment=moment)
    assert ours == djangos
    assert ours != both('{{ moment|date:"l j F Y, D j M" }}', moment=moment)[0]
