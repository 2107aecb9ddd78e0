"""What Maya and Bola write in confidence is encrypted at rest: a copy of the database
shows none of it, the site reads it back, and the key can be replaced without losing it."""

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from accounts.encryption import decrypt, encrypt, encrypted_fields
from accounts.models import OutboxMessage
from accounts.tokens import hash_token
from mentoring.models import (
    ActionReview,
    CalendarFeed,
    LineManagerRequest,
    MeetingNote,
    PairRequest,
)
from tests.factories import ActionStepFactory, HeldMeetingFactory, MeetingFactory

pytestmark = pytest.mark.django_db

NEW_KEY = Fernet.generate_key().decode()


def a_purpose(cast, text):
    cast.pair.purpose = text
    cast.pair.save(update_fields=["purpose"])
    return cast.pair


def a_reason_for_a_change(cast, text):
    return MeetingFactory(match=cast.pair, change_reason=text)


def a_note(cast, text):
    return MeetingNote.objects.create(
        meeting=HeldMeetingFactory(match=cast.pair), author=cast.board_member, text=text
    )


def an_action_step(cast, text):
    return ActionStepFactory(meeting=HeldMeetingFactory(match=cast.pair), text=text)


def what_a_step_needs(cast, text):
    return ActionStepFactory(meeting=HeldMeetingFactory(match=cast.pair), needs=text)


def a_review(cast, text):
    earlier = HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timezone.timedelta(50))
    step = ActionStepFactory(meeting=earlier)
    return ActionReview.objects.create(
        action=step,
        meeting=HeldMeetingFactory(match=cast.pair),
        status="done",
        note=text,
        reviewed_by=cast.board_member,
    )


def a_request_to_the_office(cast, text):
    return PairRequest.objects.create(
        match=cast.pair, kind="concern", raised_by=cast.mentor, note=text
    )


def a_calendar_address(cast, text):
    return CalendarFeed.objects.create(person=cast.mentor, token=text, token_hash=hash_token(text))


def an_email_waiting_to_go(field):
    def write(cast, text):
        return OutboxMessage.objects.create(
            kind="accounts/email/invitation",
            to="bola@example.org",
            subject="Hello",
            **{field: text},
        )

    return write


def a_line_manager_link(cast, text):
    return LineManagerRequest.objects.create(
        application=cast.pair.mentor,
        email="boss@example.org",
        token_hash=hash_token(text),
        token=text,
    )


def a_survey(cast):
    from evaluation.models import Survey

    return Survey.objects.create(
        programme=cast.programme,
        title="Pilot evaluation",
        audience="both",
        opens_at=timezone.now(),
        closes_at=timezone.now() + timezone.timedelta(days=7),
        min_group_size=5,
    )


def a_free_text_answer(cast, text):
    from evaluation.models import Answer, Question, Response

    survey = a_survey(cast)
    question = Question.objects.create(survey=survey, text="What should change?", kind="text")
    response = Response.objects.create(
        survey=survey, role="mentor", submitted_on=timezone.localdate()
    )
    return Answer.objects.create(response=response, question=question, text=text)


def a_sealed_ballot(cast, text):
    """What someone answered to a survey still open (in the site, a JSON document)."""
    from evaluation.models import Ballot

    return Ballot.objects.create(survey=a_survey(cast), sealed=text)


# (model, field, how Maya and Bola come to write it, whether it may be left empty)
CONFIDENTIAL = [
    ("mentoring.Match", "purpose", a_purpose, True),
    ("mentoring.Meeting", "change_reason", a_reason_for_a_change, True),
    ("mentoring.MeetingNote", "text", a_note, False),
    ("mentoring.ActionStep", "text", an_action_step, False),
    ("mentoring.ActionStep", "needs", what_a_step_needs, True),
    ("mentoring.ActionReview", "note", a_review, True),
    ("mentoring.PairRequest", "note", a_request_to_the_office, True),
    ("mentoring.CalendarFeed", "token", a_calendar_address, False),
    # An email's body may hold a single-use link (an invitation, a password reset).
    ("accounts.OutboxMessage", "text", an_email_waiting_to_go("text"), True),
    ("accounts.OutboxMessage", "html", an_email_waiting_to_go("html"), True),
    ("accounts.OutboxMessage", "attachments", an_email_waiting_to_go("attachments"), True),
    ("mentoring.LineManagerRequest", "token", a_line_manager_link, True),
    # A free-text survey answer: anonymous, and still nobody's business in a dump.
    ("evaluation.Answer", "text", a_free_text_answer, True),
    # A survey's answers while it is open: who gave them is written in the same transaction.
    ("evaluation.Ballot", "sealed", a_sealed_ballot, False),
]
IDS = [f"{label}.{name}" for label, name, _, _ in CONFIDENTIAL]
MAY_BE_EMPTY = [(label, name, write) for label, name, write, blank in CONFIDENTIAL if blank]


def secret_for(label: str, name: str) -> str:
    return f"Bola told Maya in confidence about the {label}.{name} grievance"


def raw(instance, name: str) -> str:
    """The column as a copy of the database shows it."""
    field = instance._meta.get_field(name)
    table = connection.ops.quote_name(instance._meta.db_table)
    column = connection.ops.quote_name(field.column)
    with connection.cursor() as cursor:
        # The id as the database keeps it (a UUID is text in SQLite).
        pk = instance._meta.pk.get_db_prep_value(instance.pk, connection)
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        (value,) = cursor.fetchone()
    return value


def reread(instance, name: str) -> str:
    return getattr(type(instance).objects.get(pk=instance.pk), name)


def test_every_encrypted_field_is_tested_here():
    found = {(model._meta.label, name) for model, names in encrypted_fields() for name in names}

    assert found == {(label, name) for label, name, _, _ in CONFIDENTIAL}


@pytest.mark.parametrize(("label", "name", "write", "blank"), CONFIDENTIAL, ids=IDS)
def test_the_database_holds_no_readable_text_and_the_site_reads_it_back(
    cast, label, name, write, blank
):
    secret = secret_for(label, name)

    instance = write(cast, secret)

    stored = raw(instance, name)
    assert secret not in stored
    assert "grievance" not in stored
    assert stored.startswith("gAAAAA")  # a Fernet token
    assert reread(instance, name) == secret


@pytest.mark.parametrize(
    ("label", "name", "write"), MAY_BE_EMPTY, ids=[f"{x[0]}.{x[1]}" for x in MAY_BE_EMPTY]
)
def test_nothing_written_stays_empty(cast, label, name, write):
    instance = write(cast, "")

    assert raw(instance, name) == ""
    assert reread(instance, name) == ""


def test_the_same_words_twice_are_not_recognisable_as_the_same():
    assert encrypt("Bola has a disciplinary hearing") != encrypt("Bola has a disciplinary hearing")


def test_text_survives_a_new_key_once_rows_are_reencrypted(cast, settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    written = [
        (write(cast, secret_for(label, name)), name, secret_for(label, name))
        for label, name, write, _ in CONFIDENTIAL
    ]
    empty = HeldMeetingFactory(match=cast.other_pair)
    before = {(type(i), i.pk, name): raw(i, name) for i, name, _ in written}

    # The new key goes in front; the old one stays until the rows are re-encrypted.
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, old_key]
    out = StringIO()
    call_command("reencrypt_fields", stdout=out)
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]

    for instance, name, secret in written:
        stored = raw(instance, name)
        assert stored != before[(type(instance), instance.pk, name)]
        assert Fernet(NEW_KEY.encode()).decrypt(stored.encode()).decode() == secret
        assert reread(instance, name) == secret
    assert raw(empty, "change_reason") == ""
    assert reread(empty, "change_reason") == ""
    report = out.getvalue()
    # Each table once: the programme office's proxy of Match is the same table.
    tables = sorted(line.split(":")[0] for line in report.splitlines()[:-1])
    assert tables == sorted({label for label, _, _, _ in CONFIDENTIAL} | {"mfa.Authenticator"})
    # The other pair has written no purpose: nothing of theirs needed re-encrypting.
    assert "mentoring.Match: 1 row(s) re-encrypted" in report
    assert "mentoring.MeetingNote: 1 row(s) re-encrypted" in report
    assert "mentoring.CalendarFeed: 1 row(s) re-encrypted" in report
    assert "re-encrypted with the newest key." in report


def test_without_reencryption_dropping_the_old_key_loses_the_text(cast, settings):
    note = a_note(cast, "Maya is off sick with stress")

    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]

    with pytest.raises(ImproperlyConfigured, match="a key that encrypted it is missing"):
        reread(note, "text")


def test_text_written_with_two_keys_uses_the_newest(settings):
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, settings.FIELD_ENCRYPTION_KEYS[0]]

    token = encrypt("Bola has a disciplinary hearing")

    assert Fernet(NEW_KEY.encode()).decrypt(token.encode()) == b"Bola has a disciplinary hearing"
    assert decrypt(token) == "Bola has a disciplinary hearing"


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ([], "FIELD_ENCRYPTION_KEYS is empty"),
        (["not-a-fernet-key"], "not a Fernet key"),
    ],
)
def test_a_missing_or_malformed_key_fails_loudly(settings, keys, message):
    settings.FIELD_ENCRYPTION_KEYS = keys

    with pytest.raises(ImproperlyConfigured, match=message):
        encrypt("Maya is off sick with stress")
