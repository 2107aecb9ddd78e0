"""A request that names a character set other than UTF-8 (`Content-Type: text/plain;
charset=utf-7`, or `charset=utf-7` beside a multipart form's boundary) is refused with the
site's 400 page, "This address cannot be read", before anything reads what was sent.

Django decodes the query string and a multipart form in the character set the request
names. UTF-7 can carry half of a character on its own (`+2AA-` is the lone surrogate
U+D800), which nothing can encode again: drawing the page or saving the row then failed,
and anyone (signed in or not) had a server error on the sign-in page, the calendar feed,
the office's lists and every form. accounts.bounds.RefuseNulMiddleware refuses such a
request before any other middleware reads it (a session over shows back what was typed),
and, as belt and braces, any lone surrogate read from a query or a form however it came.
A request naming UTF-8 by any of its names (`UTF-8`, `utf8`, `utf_8`), or a character set
Python does not know, which Django reads as UTF-8, is answered as before.

A Content-Type that cannot be read at all (a parameter in RFC 2231 form naming a character
set Python does not know, `charset*=nope''x`) raised as Django built the request, before
any middleware, a server error for anyone: config.wsgi's application reads it as none and
the request is refused with the same page. Those tests call that application with a WSGI
environ, as gunicorn does (Django's test client builds its requests itself)."""

import importlib
import io
import time
from wsgiref.util import setup_testing_defaults

import pytest
from django.core import mail
from django.core.exceptions import BadRequest
from django.core.signals import request_started
from django.db import close_old_connections
from django.http import QueryDict
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.bounds import RefuseNulMiddleware
from accounts.models import User
from accounts.sessions import SIGNED_IN_AT
from tests.admin_pages import sign_in_for_real
from tests.cast import SIGN_UP

pytestmark = pytest.mark.django_db

REFUSED = "<h1>This address cannot be read</h1>"
# U+D800 on its own, in UTF-7; percent-encoded in a query string.
LONE_SURROGATE = "+2AA-"
IN_A_QUERY = "%2B2AA-"
UTF_7 = "text/plain; charset=utf-7"


def a_client(cast, role: str) -> Client:
    """A client that answers a server error with its page rather than raising it."""
    client = Client(raise_request_exception=False)
    if role == "superuser":
        sign_in_for_real(client, cast, role)
    elif role == "mentor":
        client.force_login(cast.mentor)
    return client


def multipart(fields: dict[str, str], charset: str | None = "utf-7", name_charset=None):
    """A multipart form of `fields`, its Content-Type naming `charset`; `name_charset`: each
    field's name given in that character set instead (RFC 2231, `name*=`)."""
    body = b""
    for name, value in fields.items():
        named = f"name*={name_charset}''{name}" if name_charset else f'name="{name}"'
        body += f"--B\r\nContent-Disposition: form-data; {named}\r\n\r\n{value}\r\n".encode()
    content_type = "multipart/form-data; boundary=B" + (f"; charset={charset}" if charset else "")
    return {"data": body + b"--B--\r\n", "content_type": content_type}


def post(client: Client, url: str, form: dict):
    # `generic` sends the bytes as they are (`post` would encode them again in the charset).
    return client.generic("POST", url, **form)


def assert_refused(response) -> None:
    assert response.status_code == 400
    assert REFUSED in response.content.decode()


# --- an address read in UTF-7 ------------------------------------------------------------


def test_the_sign_in_page_asked_for_in_utf_7_is_refused_not_a_500(cast):
    response = a_client(cast, "anonymous").get(
        f"{reverse('account_login')}?next={IN_A_QUERY}", CONTENT_TYPE=UTF_7
    )

    assert_refused(response)


@pytest.mark.parametrize("role", ["anonymous", "mentor"])
def test_the_calendar_feed_asked_for_in_utf_7_is_refused_not_a_500(cast, role):
    response = a_client(cast, role).get(
        f"{reverse('calendar_feed')}?token={IN_A_QUERY}", CONTENT_TYPE=UTF_7
    )

    assert_refused(response)


def test_an_office_list_searched_in_utf_7_is_refused_not_a_500(cast):
    office = a_client(cast, "superuser")

    response = office.get(
        f"{reverse('admin:accounts_user_changelist')}?q={IN_A_QUERY}", CONTENT_TYPE=UTF_7
    )

    assert_refused(response)


# --- a form sent in UTF-7 ----------------------------------------------------------------


def test_signing_in_with_a_form_in_utf_7_is_refused_and_signs_nobody_in(cast):
    client = a_client(cast, "anonymous")

    response = post(
        client,
        reverse("account_login"),
        multipart({"login": LONE_SURROGATE, "password": LONE_SURROGATE}),
    )

    assert_refused(response)
    assert "_auth_user_id" not in client.session


def test_signing_up_with_a_form_in_utf_7_is_refused_and_makes_no_account(cast):
    before = User.objects.count()

    response = post(
        a_client(cast, "anonymous"),
        reverse("account_signup"),
        multipart({**SIGN_UP, "full_name": LONE_SURROGATE}),
    )

    assert_refused(response)
    assert User.objects.count() == before


def test_a_password_reset_asked_in_utf_7_is_refused_and_emails_nobody(cast):
    response = post(
        a_client(cast, "anonymous"),
        reverse("account_reset_password"),
        multipart({"email": f"maya{LONE_SURROGATE}@example.org"}),
    )

    assert_refused(response)
    assert mail.outbox == []


@pytest.mark.parametrize("role", ["mentor", "superuser"])
def test_ones_details_sent_in_utf_7_are_refused_and_left_as_they_were(cast, role):
    person = cast.person(role)
    before = (person.full_name, person.job_title)

    response = post(
        a_client(cast, role),
        reverse("profile_details"),
        multipart(
            {
                "full_name": LONE_SURROGATE,
                "job_title": LONE_SURROGATE,
                "department": person.department,
            }
        ),
    )

    assert_refused(response)
    person.refresh_from_db()
    assert (person.full_name, person.job_title) == before


def test_a_pairs_purpose_sent_in_utf_7_is_refused_and_left_as_it_was(cast):
    response = post(
        a_client(cast, "mentor"),
        reverse("pair_purpose", args=[cast.pair.pk]),
        multipart({"purpose": LONE_SURROGATE, "stamp": ""}),
    )

    assert_refused(response)
    cast.pair.refresh_from_db()
    assert cast.pair.purpose == ""


def test_a_form_in_utf_7_sent_after_the_session_ended_is_refused_not_shown_back(cast):
    """Once the session is over, a form sent is answered with what was typed, shown back
    (accounts.views.signed_out_not_saved): the refusal comes before that reads it."""
    client = a_client(cast, "mentor")
    session = client.session
    session[SIGNED_IN_AT] = time.time() - 24 * 60 * 60
    session.save()

    response = post(
        client,
        reverse("pair_purpose", args=[cast.pair.pk]),
        multipart({"purpose": LONE_SURROGATE, "stamp": ""}),
    )

    assert_refused(response)


# --- belt and braces: a lone surrogate however it came -----------------------------------


@pytest.mark.parametrize(
    ("where", "sent"),
    [("GET", "q=\ud800"), ("GET", "\udfff=x"), ("POST", "purpose=a\udc00b"), ("POST", "\ud800=")],
)
def test_a_lone_surrogate_read_from_a_query_or_a_form_however_it_came_is_refused(where, sent):
    """Django reads a request naming UTF-8, or none, without ever making one; should
    another reading make one, it is refused all the same."""
    request = RequestFactory().post("/")
    request.GET, request.POST = QueryDict(), QueryDict()
    setattr(request, where, QueryDict(sent))
    reached = []

    with pytest.raises(BadRequest):
        RefuseNulMiddleware(reached.append)(request)

    assert reached == []


# --- UTF-8, by any of its names, is answered as before -----------------------------------


@pytest.mark.parametrize("charset", ["UTF-8", "utf8", "utf_8", "no-such-charset"])
def test_an_address_asked_for_in_utf_8_or_an_unknown_charset_is_answered(cast, charset):
    response = a_client(cast, "anonymous").get(
        f"{reverse('account_login')}?next=/profile/", CONTENT_TYPE=f"text/plain; charset={charset}"
    )

    assert response.status_code == 200


@pytest.mark.parametrize("charset", [None, "UTF-8", "utf8"])
def test_maya_saves_her_details_with_a_form_in_utf_8(cast, charset):
    client = a_client(cast, "mentor")
    fields = {
        "full_name": "Maya Mentor-Ōkafor",
        "job_title": "Senior technician",
        "department": cast.mentor.department,
    }

    response = post(client, reverse("profile_details"), multipart(fields, charset=charset))

    assert response.status_code in (200, 302)
    cast.mentor.refresh_from_db()
    assert (cast.mentor.full_name, cast.mentor.job_title) == (
        "Maya Mentor-Ōkafor",
        "Senior technician",
    )


# --- a Content-Type that cannot be read, as gunicorn hands it over -----------------------

# Each names, in RFC 2231 form, a character set Python does not know, or one with a NUL.
UNREADABLE = [
    "text/plain; charset*=nope''x",
    "application/x-www-form-urlencoded; charset*=nope''x",
    "multipart/form-data; boundary*=nope''B",
    "multipart/form-data; boundary=B; charset*=nope''x",
    "text/plain; charset*0*=nope''x; charset*1=y",
    "text/plain; charset=utf\x00-8",
]
# Malformed, yet read: each answered as any other request, never with a server error.
MALFORMED = [
    "text/plain; charset*=utf-8''",
    "text/plain; charset*=''x",
    "text/plain; charset*=utf-8'en'%ff",
    'text/plain; charset="',
    "text/plain; charset",
    "text/plain; =x",
    ";;;",
    "multipart/form-data",
    "multipart/form-data; boundary=",
    'multipart/form-data; boundary="\x01"',
    "multipart/form-data; boundary=" + "B" * 100,
    "multipart/form-data; boundary*=utf-8''%ff",
    "text/plain; " + "a=b; " * 20_000,
]


@pytest.fixture
def application(monkeypatch):
    """config.wsgi's application, as gunicorn loads it, without the checks a server makes of
    production settings as it starts (config.startup), which these are not."""
    monkeypatch.setattr("config.startup.require_production_settings", lambda: None)
    return importlib.import_module("config.wsgi").application


def served(application, method: str, content_type: str, body: bytes = b"") -> tuple[int, str]:
    """The status and page `application` answers to a request for the sign-in page."""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": reverse("account_login"),
        "HTTP_HOST": "testserver",
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
    }
    setup_testing_defaults(environ)
    started = []
    # As the test client does: the test's own transaction is kept open across the request.
    request_started.disconnect(close_old_connections)
    try:
        page = b"".join(application(environ, lambda status, headers: started.append(status)))
    finally:
        request_started.connect(close_old_connections)
    return int(started[0].split()[0]), page.decode()


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("content_type", UNREADABLE)
def test_a_content_type_naming_an_unknown_charset_in_rfc_2231_form_is_refused_not_a_500(
    application, method, content_type
):
    status, page = served(application, method, content_type, b"login=maya")

    assert status == 400
    assert REFUSED in page


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("content_type", MALFORMED)
def test_a_malformed_content_type_is_answered_never_with_a_server_error(
    application, method, content_type
):
    status, _ = served(application, method, content_type, b"login=maya")

    # Refused as a form without its CSRF token (403), or unreadable as a form (400).
    assert status == 200 if method == "GET" else status in (400, 403)


@pytest.mark.parametrize(
    "content_type", ["", "text/plain; charset=utf-8", "text/plain; charset*=utf-8''utf-8"]
)
def test_the_sign_in_page_asked_for_with_a_readable_content_type_is_answered(
    application, content_type
):
    status, page = served(application, "GET", content_type)

    assert status == 200
    assert REFUSED not in page
