"""Outside DEBUG, a server refuses to start when a key of SECRET_KEY_FALLBACKS is one others
may know, as it does for SECRET_KEY (config/startup.py): what a fallback signed is accepted,
so a weak one lets anyone forge a session. The message says which fallback, never the key."""

import secrets

import pytest

from tests.production import (
    COMPLETE,
    start_web_server,
)

STRONG = secrets.token_urlsafe(50)


@pytest.mark.parametrize(
    ("weak", "says"),
    [
        pytest.param(
            "CHANGE-me-to-a-long-random-value",
            "is still the placeholder of .env.example",
            id="placeholder",
        ),
        pytest.param("0123456789abcdef0123456789abcdef01234567", "has less than 50", id="short"),
        pytest.param("ab" * 40, "has less than 50 characters, less than 5 unique", id="few"),
        pytest.param(
            "django-insecure-" + secrets.token_urlsafe(50),
            "prefixed with 'django-insecure-'",
            id="made-for-development",
        ),
    ],
)
def test_a_weak_fallback_key_is_refused_and_named_by_its_place(weak, says):
    result = start_web_server({**COMPLETE, "SECRET_KEY_FALLBACKS": f"{STRONG},{weak}"})

    assert result.returncode != 0
    assert "2nd key of SECRET_KEY_FALLBACKS" in result.stderr
    assert says in result.stderr
    assert "Take it out of SECRET_KEY_FALLBACKS" in result.stderr
    assert weak not in result.stderr
    assert STRONG not in result.stderr


def test_strong_fallback_keys_start():
    other = secrets.token_urlsafe(50)
    result = start_web_server({**COMPLETE, "SECRET_KEY_FALLBACKS": f"{STRONG}, {other}"})

    assert result.returncode == 0, result.stderr


def test_the_embedded_mode_starts_with_a_short_fallback_key():
    result = start_web_server(
        {**COMPLETE, "DEBUG": "1", "SECRET_KEY_FALLBACKS": "insecure-old-test-key"}
    )

    assert result.returncode == 0, result.stderr
