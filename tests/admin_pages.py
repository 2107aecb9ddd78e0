"""Helpers for tests of the programme office's admin pages: signing in for real (password,
then the authenticator code: `force_login` would skip the second factor), a former pair
member joining the office (`the_next_cohort`, `takes_part_again`, `joins_the_office`), the
list of applications read by two coordinators in turn (`lists_read_by_carmen_then_bola`),
the office's pages and lists more than one module opens (`change_url`, `decide_url`,
`APPLICATIONS`, `PEOPLE`, `TRAIL`), reading a changelist's rows and messages and a page's
words (`words`, `words_at`), what the audit trail (`trail_of`) and the outbox
(`outbox_outcome`) hold, and a group message sent once the office's session has ended
(`group_message_sent_after_31_idle_minutes`); a staff member given only some permissions
(`staff_who_may`), and the coordinator's start page's figures (`attention`)."""

import html
import re
from datetime import datetime, timedelta
from html.parser import HTMLParser

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, OutboxMessage
from accounts.services import coordinator_grant
from mentoring.models import EndReason, Programme, ProgrammeStatus
from mentoring.models.cohorts import CohortAudience
from mentoring.services.matches import match_end
from tests.factories import (
    PASSWORD,
    BriefedBoardMemberFactory,
    MentorFactory,
    ProgrammeFactory,
    UserFactory,
    totp_code,
)

STAFF = ["coordinator", "superuser"]


def sign_in_for_real(client: Client, cast, role: str) -> None:
    """Sign in through allauth's pages: password, then the authenticator code for staff."""
    person = cast.person(role)
    if person is None:
        return
    response = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302
    if role in STAFF:
        assert response.url == reverse("mfa_authenticate")
        assert client.get(reverse("admin:index")).status_code == 302  # not before the code
        response = client.post(response.url, {"code": totp_code(person.totp_secret)})
        assert response.status_code == 302
    assert response.url == reverse("dashboard")
    client.get(response.url)  # where "Successfully signed in" is shown


def signed_in_for_real(role: str):
    """A fixture for a module to name: the test's client, signed in as the cast's `role`
    through the real pages (e.g. `office = signed_in_for_real("coordinator")`)."""

    @pytest.fixture
    def fixture(client, cast):
        sign_in_for_real(client, cast, role)
        return client

    return fixture


def pair_ended_and_programme_closed(cast, reason=EndReason.WITHDRAWN) -> None:
    """Maya and Bola's pair ended, and the office closed the programme: either of them may
    now join the office (`why_not_coordinator`)."""
    match_end(match=cast.pair, reason=reason, by=cast.coordinator)
    cast.programme.status, cast.programme.recruitment_open = ProgrammeStatus.CLOSED, False
    cast.programme.save()


def the_next_cohort(cast, reason=EndReason.COMPLETED) -> Programme:
    """The scene a former pair member joins the office in (`joins_the_office`): Maya and
    Bola's pair ended, the pilot closed, and the office opened the next cohort, on
    anti-racism, where either of them may take part again (`takes_part_again`)."""
    pair_ended_and_programme_closed(cast, reason)
    return ProgrammeFactory(name="2027/28 cohort", slug="cohort-2", themes=["Anti-racism"])


def takes_part_again(cohort: Programme, cast, role: str, **answers):
    """The cast's `role` ("mentor", "board_member", "other_mentor"…) takes part in `cohort`
    on the same side as in the pilot, briefed (unless `briefed=False`), choosing its themes,
    with `answers` of theirs. Someone taking part may not join the office; a former partner
    may. Their place in `cohort` is returned."""
    person = cast.person(role)
    if role.endswith("mentor"):
        return MentorFactory(
            programme=cohort, applicant=person, themes=cohort.themes.all(), **answers
        )
    return BriefedBoardMemberFactory(
        programme=cohort, user=person, themes=cohort.themes.all(), **answers
    )


def lists_read_by_carmen_then_bola(client: Client, cast) -> tuple:
    """The list of applications read by Carmen, then by Bola, in the office after her pair
    with Maya ended (whose application Bola must never see): their two pages, Carmen's read
    first, so that whatever her page worked out once is what Bola's is read by."""
    pair_ended_and_programme_closed(cast, EndReason.COMPLETED)
    client.force_login(cast.coordinator)
    carmens = client.get(APPLICATIONS)
    bola = Client()
    joins_the_office(bola, cast.board_member)
    return carmens, bola.get(APPLICATIONS)


def joins_the_office(client: Client, person) -> None:
    """`person` is made a coordinator, sets an authenticator up and signs in with it."""
    coordinator_grant(user=person)
    person.totp_secret = generate_totp_secret()
    TOTP.activate(person, person.totp_secret)
    client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": totp_code(person.totp_secret)})
    assert client.get(reverse("admin:index")).status_code == 200  # in the office


def change_url(obj) -> str:
    """The admin's change page of `obj`."""
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


# The lists of the office that more than one module reads.
APPLICATIONS = reverse("admin:mentoring_mentorapplication_changelist")
PEOPLE = reverse("admin:accounts_user_changelist")
TRAIL = reverse("admin:accounts_auditevent_changelist")


def decide_url(application, status) -> str:
    """The page that asks before `application` is given `status` (accepted, declined…)."""
    return reverse("admin:mentoring_mentorapplication_decide", args=[application.pk, status])


def group_message_sent_after_31_idle_minutes(client: Client, cast, clock, body: str, **more):
    """Carmen signs in to the office, spends 31 minutes writing `body` to the pilot's mentors
    (30 idle minutes end an office session) on the page that writes to a group, then presses
    Preview, sending `more` fields besides. `clock` is the test's time_machine traveller."""
    sign_in_for_real(client, cast, "coordinator")
    url = reverse("admin:mentoring_cohortmessage_add")
    clock.shift(timedelta(minutes=31))
    typed = {
        "step": "preview",
        "programme": cast.programme.pk,
        "audience": CohortAudience.MENTORS,
        "subject": "Mid-point evaluation",
        "body": body,
    }
    return client.post(url, {**typed, **more}, HTTP_REFERER=f"http://testserver{url}")


def trail_of(obj) -> list[AuditEvent]:
    """The audit trail's rows about `obj`."""
    return list(
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        )
    )


def outbox_outcome(kind: str) -> dict[str, tuple[str, str]]:
    """Each email of `kind` in the outbox, by address: its status, and why it was not sent."""
    return {
        to: (status, reason)
        for to, status, reason in OutboxMessage.objects.filter(kind=kind).values_list(
            "to", "status", "cancelled_reason"
        )
    }


def form_data(response) -> dict:
    """What the admin change form would post back unchanged: its fields and inline forms."""
    data = _as_shown(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(n): management.initial[n] for n in management.fields})
        for each in formset.forms:
            data.update(_as_shown(each))
    return data


def _as_shown(form) -> dict:
    shown = {
        form.add_prefix(name): "" if form[name].value() is None else form[name].value()
        for name in form.fields
    }
    # A form that compares each box with what the page showed (the person's page:
    # accounts.admin.UserEditForm) gets it back, as a browser sends it, hidden beside each.
    # Django shows it alone for a box whose default is worked out on saving (a date, a
    # list): the tests of those pages post without it, as they were written.
    editable = [field for field in form.fields.values() if not field.disabled]
    if editable and all(field.show_hidden_initial for field in editable):
        shown.update(
            {
                form.add_initial_prefix(name): shown[form.add_prefix(name)]
                for name, field in form.fields.items()
                if field.show_hidden_initial
            }
        )
    return shown


def as_a_browser_posts(page) -> dict:
    """`form_data`, as a browser sends it: a date and time in two boxes (the programme's
    time), an unticked box not at all."""
    data = {}
    for name, value in form_data(page).items():
        if isinstance(value, datetime):
            data[f"{name}_0"] = f"{timezone.localtime(value):%Y-%m-%d}"
            data[f"{name}_1"] = f"{timezone.localtime(value):%H:%M:%S}"
        elif value is not False:
            data[name] = value
    return data


def save_change_form(client, url, **changes):
    """Post the admin change form at `url` back, with `changes` made to it."""
    return client.post(url, {**form_data(client.get(url)), **changes})


class ChangeList(HTMLParser):
    """The result table of an admin changelist, as one {column: text} dict per row."""

    def __init__(self):
        super().__init__()
        self.rows, self._row, self._cell, self._in_results = [], None, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id") == "result_list":
            self._in_results = True
        elif tag == "tr" and self._in_results:
            self._row = {}
        elif tag in ("td", "th") and self._row is not None:
            fields = [c for c in (attrs.get("class") or "").split() if c.startswith("field-")]
            self._cell = fields[0].removeprefix("field-") if fields else None
            if self._cell:
                self._row[self._cell] = ""

    def handle_data(self, data):
        if self._cell:
            self._row[self._cell] = " ".join((self._row[self._cell] + " " + data).split())

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._cell = None
        elif tag == "tr" and self._row:
            self.rows.append(self._row)
            self._row = None
        elif tag == "table":
            self._in_results = False


def the_office_corrects_the_address(cast, person, address: str) -> None:
    """Sue, a superuser signed in through the authenticator, changes `person`'s address to
    `address` on their page in the office."""
    sue = Client()
    sign_in_for_real(sue, cast, "superuser")
    saved = save_change_form(sue, change_url(person), email=address)
    assert saved.status_code == 302, saved.content.decode()[:3000]
    person.refresh_from_db()
    assert person.email == address


def rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    table = ChangeList()
    table.feed(response.content.decode())
    return table.rows


def words(markup: str) -> str:
    """What a reader sees of some HTML: its text, with white space collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def words_at(client: Client, url: str) -> str:
    """What a reader sees of the page at `url` (`words`), which must open (200)."""
    response = client.get(url)
    assert response.status_code == 200, url
    return words(response.content.decode())


def messages_shown(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def confirmed(page) -> dict[str, list]:
    """What a confirmation page (admin/confirm_emails.html) posts back on "Yes": its hidden
    fields, every value of each, and the confirmation itself."""
    assert page.status_code == 200, "no confirmation page was shown"
    form: dict[str, list] = {}
    for name, value in page.context.get("hidden") or []:
        form.setdefault(name, []).append(value)
    return {**form, "confirmed": ["yes"]}


def went_back(page) -> dict[str, list]:
    """What "No, go back" posts from a confirmation that goes back to the form as it was
    typed (admin/includes/confirm_form.html's back_posts): the same fields, and went_back."""
    return {**confirmed(page), "went_back": ["yes"]}


def recipients_named(page) -> list[str]:
    """Each person the confirmation page says will be emailed, as the page writes them."""
    return [words(item) for item in re.findall(r"<li>(.*?)</li>", _section(page, "recipients"))]


def unchanged_named(page) -> list[str]:
    """Each one the confirmation page says is left out (nobody emailed), with why."""
    return [words(item) for item in re.findall(r"<li>(.*?)</li>", _section(page, "unchanged"))]


def withdrawn_named(page) -> list[str]:
    """Each one the confirmation page says "Yes" also changes (nobody emailed), with why."""
    return [words(item) for item in re.findall(r"<li>(.*?)</li>", _section(page, "also"))]


def _section(page, name: str) -> str:
    found = re.search(rf'<ul class="confirm-{name}">(.*?)</ul>', page.content.decode(), re.S)
    return found.group(1) if found else ""


def choose_and_confirm(client: Client, changelist: str, action: str, *objects, **kw):
    """A changelist action that asks first: tick `objects`, choose `action`, then "Yes" on
    the confirmation page, as its own form posts it."""
    chosen = {"action": action, "_selected_action": [obj.pk for obj in objects]}
    page = client.post(changelist, chosen)
    return client.post(changelist, {**chosen, **confirmed(page)}, **kw)


def staff_who_may(*codenames: str):
    """A staff member with an authenticator, given only the permissions named."""
    person = UserFactory(full_name="Sam Staff", is_staff=True)
    TOTP.activate(person, generate_totp_secret())
    person.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return person


class AttentionTable(HTMLParser):
    """The start page's figures as {label: (count, link)}."""

    def __init__(self):
        super().__init__()
        self.items, self._in, self._href, self._label, self._cell = {}, False, None, "", None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and attrs.get("id") == "attention":
            self._in = True
        elif self._in and tag == "a" and self._cell == "th":
            self._href = attrs["href"]
        elif self._in and tag in ("th", "td"):
            self._cell = tag

    def handle_data(self, data):
        if self._in and self._cell == "th" and self._href:
            self._label += data
        elif self._in and self._cell == "td" and self._label:
            self.items[" ".join(self._label.split())] = (int(data.strip()), self._href)
            self._label, self._href = "", None

    def handle_endtag(self, tag):
        if tag in ("th", "td"):
            self._cell = None
        elif tag == "section":
            self._in = False


def attention(response) -> dict[str, tuple[int, str]]:
    """The start page's figures of what needs attention, as {label: (count, link)}."""
    assert response.status_code == 200
    table = AttentionTable()
    table.feed(response.content.decode())
    return table.items
