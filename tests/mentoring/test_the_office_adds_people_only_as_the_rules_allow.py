"""The programme office managing people in the admin as the rules allow: nobody in the
office is added as a board member, nor a switched-off account promised an email; one address
waiting in two programmes gets one new link; a deleted account's page writes nothing back,
even when the deletion lands as it is saved; the Coordinators group given on a person's page
follows the rule the action follows."""

import pytest
from django.contrib.admin import site
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import OutboxMessage, User
from accounts.services import account_delete
from mentoring.models import BoardMember
from tests.admin_pages import (
    change_url,
    confirmed,
    form_data,
    messages_shown,
    recipients_named,
    words,
)
from tests.factories import PASSWORD, CoordinatorFactory, ProgrammeFactory, UserFactory

pytestmark = pytest.mark.django_db

INVITE = reverse("admin:mentoring_boardmember_add")
PEOPLE = reverse("admin:accounts_user_changelist")
INVITATIONS = reverse("admin:accounts_invitation_changelist")
BOARD_MEMBERS = reverse("admin:mentoring_boardmember_changelist")


def invite(client, data: dict, **kwargs):
    asked = client.post(INVITE, data)
    assert asked.status_code == 200
    return asked, client.post(INVITE, {**data, "confirmed": "yes"}, **kwargs)


# --- adding board members -------------------------------------------------------------------


def test_a_coordinators_address_is_not_added_as_a_board_member(office, cast):
    """The office reads what pair members tell it in confidence, so a board member is never
    made a coordinator (accounts.services.why_not_coordinator). The reverse must hold too:
    a coordinator's address added as a board member is refused, not added at once."""
    colleague = CoordinatorFactory(full_name="Cleo Coordinator", email="cleo@example.org")

    data = {"programme": cast.programme.pk, "email": colleague.email}
    asked = office.post(INVITE, data)
    office.post(INVITE, {**data, "confirmed": "yes"})

    assert "Who will be emailed" not in words(asked.content.decode())
    assert "cleo@example.org is in the programme office" in words(asked.content.decode())
    assert not BoardMember.objects.filter(user=colleague).exists()


def test_a_closed_account_is_not_promised_an_email_it_will_not_get(
    office, cast, django_capture_on_commit_callbacks
):
    """An account switched off (is_active=False) is never emailed (accounts.outbox
    check_recipient). Adding its address as a board member promised "told by email" on the
    confirmation and in the message after, then called the email off."""
    UserFactory(full_name="Ina Active", email="ina@example.org", is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        asked, _refused = invite(
            office, {"programme": cast.programme.pk, "email": "ina@example.org"}, follow=True
        )

    assert "The account of ina@example.org is switched off" in words(asked.content.decode())
    assert not BoardMember.objects.filter(email="ina@example.org").exists()
    assert not OutboxMessage.objects.filter(to="ina@example.org").exists()


def test_a_new_link_to_one_address_waiting_in_two_programmes_is_one_link(
    office, cast, django_capture_on_commit_callbacks, mailoutbox
):
    """One link is open per address and joins every place waiting for it. Ticking both of
    an address's places listed it twice on the confirmation ("send 2 invitations"), then
    "Yes" sent one and said of the other that a new link was sent after the page was shown."""
    medics = ProgrammeFactory(name="Medics cohort", slug="medics")
    for programme in (cast.programme, medics):
        with django_capture_on_commit_callbacks(execute=True):
            invite(office, {"programme": programme.pk, "email": "provost@example.com"})
    places = list(BoardMember.objects.filter(email="provost@example.com"))
    mailoutbox.clear()

    chosen = {"action": "resend_invitation", "_selected_action": [m.pk for m in places]}
    page = office.post(BOARD_MEMBERS, chosen)
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(BOARD_MEMBERS, {**chosen, **confirmed(page)}, follow=True)

    assert len(mailoutbox) == 1
    assert len(recipients_named(page)) == 1, recipients_named(page)
    assert "Yes, send 1 invitation" in page.content.decode()
    assert all("after the page you confirmed" not in m for m in messages_shown(response)), (
        messages_shown(response)
    )


# --- a person's page ------------------------------------------------------------------------


def test_a_deleted_accounts_page_cannot_write_a_name_back(office, cast):
    """A deleted account is kept anonymised for the figures (a board member's place of it
    is read-only). Its page in the people list still took a name and department."""
    page_read = form_data(office.get(change_url(cast.outsider)))  # the office opens Olu's page
    account_delete(user=cast.outsider, by=cast.outsider)  # Olu deletes their account meanwhile

    office.post(change_url(cast.outsider), {**page_read, "job_title": "Porter"})

    olu = User.objects.get(pk=cast.outsider.pk)
    assert olu.is_deleted
    assert (olu.full_name, olu.job_title, olu.department) != ("Olu Outsider", "Porter", "")
    assert "Olu" not in olu.full_name


def test_saving_a_persons_page_as_their_account_is_deleted_does_not_bring_it_back(office, cast, rf):
    """The person deletes their account while the office's save of their page is under way
    (after the page's person was read): Django's save would write every column as it read
    it, bringing the account back whole. The save takes the account's lock first, as
    deleting does, and refuses."""
    admin = site._registry[User]
    request = rf.post(change_url(cast.outsider))
    request.user = cast.coordinator
    read = User.objects.get(pk=cast.outsider.pk)  # the page's person, as the save read it
    form = admin.get_form(request, read, change=True)(
        {**form_data(office.get(change_url(cast.outsider))), "department": "Estates"},
        instance=read,
    )
    assert form.is_valid(), form.errors
    account_delete(user=cast.outsider, by=cast.outsider)  # meanwhile

    with pytest.raises(PermissionDenied, match="deleted after its page was opened"):
        admin.save_model(request, form.save(commit=False), form, change=True)

    olu = User.objects.get(pk=cast.outsider.pk)
    assert (olu.is_deleted, olu.is_active, olu.email.endswith("@deleted.invalid")) == (
        True,
        False,
        True,
    )
    assert not olu.check_password(PASSWORD)


# --- access given ---------------------------------------------------------------------------


def test_the_coordinators_group_ticked_on_a_paired_mentors_page_is_refused(client, cast):
    """The action "Make the selected people coordinators" refuses anyone taking part (the
    office reads what pair members raise about each other). The Coordinators group and staff
    status ticked on the person's page made Maya, in an active pair, a coordinator anyway."""
    from django.contrib.auth.models import Group

    from accounts.models import COORDINATORS_GROUP

    client.force_login(cast.superuser)
    url = change_url(cast.mentor)
    group = Group.objects.get(name=COORDINATORS_GROUP)

    client.post(url, {**form_data(client.get(url)), "groups": [group.pk], "is_staff": "on"})

    cast.mentor.refresh_from_db()
    assert not cast.mentor.is_coordinator


def test_an_alias_of_a_coordinators_address_is_not_added_as_a_board_member(office, cast):
    """An invitation to a `+` alias of a coordinator's address lands in her mailbox: she
    could join the board with it, so it is refused as her own address is."""
    colleague = CoordinatorFactory(full_name="Cleo Coordinator", email="cleo@example.org")

    data = {"programme": cast.programme.pk, "email": "cleo+board@example.org"}
    asked = office.post(INVITE, data)
    office.post(INVITE, {**data, "confirmed": "yes"})

    said = words(asked.content.decode())
    assert "Who will be emailed" not in said
    assert (
        "cleo+board@example.org reaches Cleo Coordinator's mailbox and is in the programme office"
        in said
    )
    assert not BoardMember.objects.filter(email__iexact="cleo+board@example.org").exists()
    assert not BoardMember.objects.filter(user=colleague).exists()
