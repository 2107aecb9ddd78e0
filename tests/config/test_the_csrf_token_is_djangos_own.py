"""The CSRF token the pages carry (config/csrf.py) is made as Django's `get_token` makes it:
the request's secret masked afresh, which Django's middleware accepts, the cookie sent again
with the page, and a request without a secret given one by Django itself."""

import re
from collections import Counter

import pytest
from django.middleware import csrf as djangos
from django.test import Client, RequestFactory
from django.urls import reverse

from config import csrf
from tests.cast import sign_in_as

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def a_request_with_a_secret():
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = djangos._get_new_csrf_string()
    return request


def test_a_token_is_djangos_masking_of_the_secret_with_the_same_mask(monkeypatch):
    request = a_request_with_a_secret()
    secret = request.META["CSRF_COOKIE"]

    token = csrf.masked_token(request)

    mask = token[: djangos.CSRF_SECRET_LENGTH]
    monkeypatch.setattr(djangos, "_get_new_csrf_string", lambda: mask)
    assert token == djangos._mask_cipher_secret(secret)
    assert djangos._unmask_cipher_token(token) == secret
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True  # renewed, as get_token does


def test_each_token_is_masked_afresh_and_reads_as_the_same_secret():
    request = a_request_with_a_secret()

    tokens = {csrf.masked_token(request) for _ in range(50)}

    assert len(tokens) == 50
    assert {djangos._unmask_cipher_token(token) for token in tokens} == {
        request.META["CSRF_COOKIE"]
    }
    for token in tokens:
        djangos._check_token_format(token)  # raises on a wrong length or character


def test_the_mask_drops_the_bytes_that_would_favour_some_characters(monkeypatch):
    # 248 to 255 would make the first eight characters likelier than the rest.
    random = iter([bytes(range(240, 256)), bytes(range(64))])
    monkeypatch.setattr(csrf.os, "urandom", lambda count: next(random))

    indices = csrf._random_indices(40)

    assert indices == [index % 62 for index in [*range(240, 248), *range(32)]]


def test_every_character_comes_up_about_as_often():
    drawn = Counter(csrf._random_indices(62 * 2000))

    assert sorted(drawn) == list(range(62))
    assert min(drawn.values()) > 1600
    assert max(drawn.values()) < 2400


def test_a_request_without_a_secret_gets_djangos_own():
    request = RequestFactory().get("/")

    token = csrf.masked_token(request)

    assert djangos._unmask_cipher_token(token) == request.META["CSRF_COOKIE"]
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True


def test_pages_carry_this_token(client, cast, monkeypatch):
    sign_in_as(client, cast, "mentor")
    client.get(reverse("dashboard"))  # a secret in the cookie
    monkeypatch.setattr(csrf, "_random_indices", lambda count: [0] * count)

    page = client.get(reverse("dashboard")).content.decode()

    assert TOKEN.search(page)[1].startswith("a" * 32)  # the sign-out form's


def test_the_sign_out_form_sent_with_its_token_is_accepted_and_the_cookie_renewed(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.mentor)
    client.get(reverse("dashboard"))  # a secret in the cookie
    secret = client.cookies["csrftoken"].value

    page = client.get(reverse("dashboard"))
    token = TOKEN.search(page.content.decode())[1]

    assert page.cookies["csrftoken"].value == secret  # sent again, as Django does
    assert djangos._unmask_cipher_token(token) == secret
    refused = client.post(reverse("account_logout"), {"csrfmiddlewaretoken": "x" * 64})
    assert refused.status_code == 403
    signed_out = client.post(reverse("account_logout"), {"csrfmiddlewaretoken": token})
    assert signed_out.status_code == 302
    assert "_auth_user_id" not in client.session
