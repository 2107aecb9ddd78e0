"""An applicant never approves their own application, whichever way they try: as a
coordinator deciding it in the programme office (on its page or in bulk), by naming one
of their own addresses as their line manager (even one added to their account later), or by
answering their line manager's link themselves. One rule decides: mentoring.approval."""

import html
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from accounts.tokens import hash_token
from mentoring.approval import approves_own_application, is_own_address
from mentoring.models import ApplicationStatus, LineManagerRequest, MentorApplication
from mentoring.services.applications import (
    ApplicationError,
    OwnApplicationError,
    application_submit,
)
from mentoring.services.decisions import (
    OWN_APPLICATION,
    application_decide,
    application_decision_problem,
)
from mentoring.services.line_managers import line_manager_answer, line_manager_request_resend
from tests.admin_pages import (
    APPLICATIONS,
    change_url,
    decide_url,
    messages_shown,
    signed_in_for_real,
    words,
)
from tests.factories import DraftApplicationFactory, MentorApplicationFactory, line_manager_asked


@pytest.mark.parametrize(
    ("address", "own"),
    [
        ("olu@example.org", True),
        ("OLU@Example.org", True),
        ("olu+boss@example.org", True),
        (" olu.private@example.org ", True),  # an address added to the account
        ("lee.manager@example.org", False),
        ("olu.privat@example.org", False),
        ("", False),
    ],
)
def test_which_addresses_are_the_applicants_own(address, own):
    assert is_own_address(address, ["olu@example.org", "olu.private@example.org"]) is own


@pytest.fixture
def carmens_application(cast):
    """Carmen applied to mentor before she joined the programme office."""
    return MentorApplicationFactory(
        programme=cast.programme,
        applicant=cast.coordinator,
        status=ApplicationStatus.SUBMITTED,
    )


office = signed_in_for_real("coordinator")  # Carmen: password, then authenticator code


def test_a_coordinators_own_application_shows_no_decision_buttons_to_them(
    office, carmens_application
):
    page = office.get(change_url(carmens_application)).content.decode()

    assert f"Accept: not possible ({OWN_APPLICATION})" in html.unescape(page)
    assert 'name="_decide" value="accepted"' not in page


def test_a_coordinator_cannot_accept_their_own_application_from_its_page(
    office, carmens_application, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        office.post(
            decide_url(carmens_application, "accepted"),
            {"seen": "submitted", "confirmed": "yes"},
        )

    carmens_application.refresh_from_db()
    assert carmens_application.status == ApplicationStatus.SUBMITTED
    assert carmens_application.decided_at is None
    assert mailoutbox == []


def test_a_bulk_acceptance_leaves_out_the_coordinators_own_application(
    office, cast, carmens_application, mailoutbox, django_capture_on_commit_callbacks
):
    priya = MentorApplicationFactory(programme=cast.programme, status=ApplicationStatus.SUBMITTED)
    chosen = {"action": "accept", "_selected_action": [carmens_application.pk, priya.pk]}

    confirmation = office.post(APPLICATIONS, chosen).content.decode()
    assert f"{OWN_APPLICATION}" in html.unescape(confirmation)
    with django_capture_on_commit_callbacks(execute=True):
        # Even with the form altered to list it as seen, it is not decided.
        done = office.post(
            APPLICATIONS,
            {
                **chosen,
                "confirmed": "yes",
                f"seen-{carmens_application.pk}": "submitted",
                f"seen-{priya.pk}": "submitted",
            },
            follow=True,
        )

    assert MentorApplication.objects.get(pk=carmens_application.pk).status == "submitted"
    assert MentorApplication.objects.get(pk=priya.pk).status == "accepted"
    assert [mail.to for mail in mailoutbox] == [[priya.applicant.email]]
    assert "1 application accepted; each applicant has been emailed." in messages_shown(done)


def test_another_coordinator_may_decide_it(cast, carmens_application):
    assert application_decide(
        application=carmens_application, status=ApplicationStatus.ACCEPTED, by=cast.superuser
    )
    assert not application_decide(
        application=carmens_application, status=ApplicationStatus.DECLINED, by=cast.coordinator
    )


# --- the line manager -------------------------------------------------------------------


TOKEN = "the-line-managers-token"


@pytest.fixture
def asked(cast):
    """Olu applied and named lee.manager@example.org, who has been sent a link."""
    return line_manager_asked(cast.programme, cast.outsider, "lee.manager@example.org", token=TOKEN)


def answer(client):
    return client.post(
        reverse("line_manager_answer", args=[TOKEN]), {"decision": "yes"}, follow=True
    )


REFUSED = "an applicant cannot agree to their own application"


def test_the_applicant_cannot_answer_their_line_managers_link_themselves(client, cast, asked):
    client.force_login(cast.outsider)

    opened = client.get(reverse("line_manager_answer", args=[TOKEN]))
    response = answer(client)  # the form, posted anyway

    page = opened.content.decode()
    assert opened.status_code == response.status_code == 403
    assert "This link is for your line manager" in page
    assert "lee.manager@example.org" in page
    assert 'name="decision"' not in page  # no form they could not send
    assert not LineManagerRequest.objects.get(pk=asked.pk).is_answered


def test_a_line_manager_address_that_became_the_applicants_own_cannot_agree(client, cast, asked):
    # After submitting, Olu added the address to his own account, and confirmed it: his.
    EmailAddress.objects.create(user=cast.outsider, email="lee.manager@example.org", verified=True)

    response = answer(client)  # nobody signed in: whoever reads that mailbox

    assert REFUSED in html.unescape(response.content.decode())
    assert not LineManagerRequest.objects.get(pk=asked.pk).is_answered


def test_its_link_then_shows_no_form_saying_why_before_anything_is_sent(client, cast, asked):
    EmailAddress.objects.create(user=cast.outsider, email="lee.manager@example.org", verified=True)

    opened = client.get(reverse("line_manager_answer", args=[TOKEN]))

    page = words(opened.content.decode())
    assert "This link takes no answer" in page
    assert "the request went to an address that now belongs to the applicant" in page
    assert 'name="decision"' not in opened.content.decode()


def test_nor_does_silence_there_count_as_agreement(cast):
    """The programme takes ten days of silence as agreement; the link went eleven days ago,
    to an address Olu confirmed on his account since."""
    cast.programme.line_manager_silence_days = 10
    cast.programme.save(update_fields=["line_manager_silence_days"])
    silent = line_manager_asked(
        cast.programme,
        cast.outsider,
        "lee.manager@example.org",
        sent_at=timezone.now() - timedelta(days=11),
    )
    application = MentorApplication.objects.get(pk=silent.application_id)
    accepting = {"status": ApplicationStatus.ACCEPTED, "by": cast.coordinator}
    assert application_decision_problem(application=application, **accepting) is None

    EmailAddress.objects.create(user=cast.outsider, email="lee.manager@example.org", verified=True)

    application = MentorApplication.objects.get(pk=silent.application_id)
    assert application_decision_problem(application=application, **accepting) == (
        "the line manager has not agreed, and cannot through this request: the request went "
        "to an address that now belongs to the applicant; send it again to the line "
        "manager's own address"
    )


def test_typing_the_managers_address_on_ones_account_does_not_refuse_their_answer(
    client, cast, asked
):
    """Olu types Lee's address on his email page (a confirmation goes to Lee, who ignores
    it): Lee's "No" still counts, so silence cannot stand in for the answer Olu kept out."""
    EmailAddress.objects.create(user=cast.outsider, email="lee.manager@example.org")

    client.post(
        reverse("line_manager_answer", args=[TOKEN]),
        {"decision": "no", "reason": "Not this year", "confirm": "no"},
    )

    asked.refresh_from_db()
    assert asked.decision == "declined"


def test_typing_the_managers_address_on_ones_account_does_not_stop_the_office_sending_again(
    cast, asked
):
    EmailAddress.objects.create(user=cast.outsider, email="lee.manager@example.org")

    line_manager_request_resend(request=asked, by=cast.coordinator)

    asked.refresh_from_db()
    assert asked.email == "lee.manager@example.org"
    assert asked.token_hash != hash_token(TOKEN)  # a new link went


def test_typing_the_managers_address_on_ones_account_does_not_call_off_their_reminder(
    cast, dispatch, mailoutbox
):
    line_manager_asked(
        cast.programme,
        cast.outsider,
        "lee.manager@example.org",
        sent_at=timezone.now() - timedelta(days=8),
    )
    EmailAddress.objects.create(user=cast.outsider, email="lee.manager@example.org")

    dispatch()

    assert [mail for mail in mailoutbox if mail.to == ["lee.manager@example.org"]]


def test_a_link_sent_to_an_address_in_quotation_marks_takes_no_answer(client, cast):
    """Kept from before every form refused such an address: '"olu"@example.org' reaches
    Olu's own mailbox, which nothing could tell."""
    asked = line_manager_asked(cast.programme, cast.outsider, '"olu"@example.org', token=TOKEN)
    said = (
        "No answer can be taken through this link: the request went to an address with "
        "quotation marks or a backslash in it, which may reach the applicant's own mailbox"
    )

    opened = client.get(reverse("line_manager_answer", args=[TOKEN]))
    response = answer(client)  # the form, posted anyway

    page = words(opened.content.decode())
    assert said in page
    assert 'name="decision"' not in opened.content.decode()
    assert said in words(response.content.decode())
    assert not LineManagerRequest.objects.get(pk=asked.pk).is_answered
    assert "This link takes no answer" in page
    with pytest.raises(OwnApplicationError, match="quotation marks or a backslash"):
        line_manager_answer(request=asked, agreed=True, reason="", answered_by=None)
    assert not LineManagerRequest.objects.get(pk=asked.pk).is_answered


def test_the_real_line_manager_agrees(client, asked):
    answer(client)
    assert LineManagerRequest.objects.get(pk=asked.pk).is_answered


def test_an_address_the_applicant_added_to_their_account_cannot_be_named_line_manager(cast):
    EmailAddress.objects.create(user=cast.outsider, email="olu.private@example.org", verified=True)

    assert approves_own_application(applicant=cast.outsider, address="olu.private@example.org")
    assert approves_own_application(applicant=cast.outsider, approver=cast.outsider)
    assert not approves_own_application(
        applicant=cast.outsider, approver=cast.coordinator, address="lee.manager@example.org"
    )


@pytest.mark.parametrize(
    ("address", "refused"),
    [
        ("olu.private@example.org", "This is your own address"),  # added to his account
        # Every form refuses an address in quotation marks (it reaches `olu@`, his own
        # mailbox); one in a draft saved before is refused as it is sent.
        ('"olu"@example.org', "Your line manager's address has quotation marks"),
    ],
)
def test_submitting_with_an_address_of_ones_own_as_line_manager_is_refused(
    cast, mailoutbox, address, refused
):
    cast.programme.line_manager_agreement = True
    cast.programme.save(update_fields=["line_manager_agreement"])
    EmailAddress.objects.create(user=cast.outsider, email="olu.private@example.org", verified=True)
    draft = DraftApplicationFactory(
        programme=cast.programme,
        applicant=cast.outsider,
        line_manager_name="Olu's boss",
        line_manager_email=address,
    )

    with pytest.raises(ApplicationError, match=refused):
        application_submit(application=draft)

    assert MentorApplication.objects.get(pk=draft.pk).status == ApplicationStatus.DRAFT
    assert not LineManagerRequest.objects.exists()
    assert mailoutbox == []
