"""Authenticator secrets and recovery codes are encrypted at rest: the database column holds
no secret a copy of the database could turn into codes, and signing in still works."""

import importlib
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from accounts.mfa import MFAAdapter
from tests.admin_pages import sign_in_for_real
from tests.factories import PASSWORD, UserFactory, totp_code

pytestmark = pytest.mark.django_db

NEW_KEY = "n6rjbhgg0AhHJK30AczFiHZtSzNrA20q4uThJ6L6VGo="

migration = importlib.import_module("accounts.migrations.0008_encrypt_authenticator_secrets")


def raw_data(user, kind) -> str:
    """The authenticator's data column as stored, read past the ORM."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT data FROM mfa_authenticator WHERE user_id = %s AND type = %s",
            [user.pk, kind],
        )
        [(data,)] = cursor.fetchall()
    return data if isinstance(data, str) else str(data)


def test_the_totp_secret_is_not_in_the_database_and_the_code_still_signs_in(client, cast):
    stored = raw_data(cast.coordinator, "totp")

    assert cast.coordinator.totp_secret not in stored
    assert "gAAAA" in stored  # a Fernet token

    sign_in_for_real(client, cast, "coordinator")
    assert client.get("/admin/").status_code == 200


def test_recovery_codes_are_not_in_the_database_and_one_still_signs_in(client, cast):
    codes = RecoveryCodes.activate(cast.coordinator)
    seed = MFAAdapter().decrypt(codes.instance.data["seed"])
    stored = raw_data(cast.coordinator, "recovery_codes")

    assert seed not in stored
    assert not any(code in stored for code in codes.generate_codes())

    client.post(reverse("account_login"), {"login": cast.coordinator.email, "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": codes.get_unused_codes()[0]})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_secret_stored_plain_is_refused_not_used():
    with pytest.raises(ImproperlyConfigured, match="cannot be decrypted"):
        MFAAdapter().decrypt(generate_totp_secret())


def test_the_migration_encrypts_secrets_stored_before_and_codes_still_work():
    person = UserFactory()
    secret = generate_totp_secret()
    seed = "a1" * 40
    # As the site stored them before: plain.
    totp = Authenticator.objects.create(user=person, type="totp", data={"secret": secret})
    Authenticator.objects.create(
        user=person,
        type="recovery_codes",
        data={"seed": seed, "used_mask": 0, "migrated_codes": ["12345678"]},
    )

    migration.encrypt_secrets(apps, None)
    migration.encrypt_secrets(apps, None)  # twice changes nothing more

    stored = raw_data(person, "totp") + raw_data(person, "recovery_codes")
    assert secret not in stored
    assert seed not in stored
    assert "12345678" not in stored
    totp.refresh_from_db()
    assert TOTP(totp).validate_code(totp_code(secret))
    codes = RecoveryCodes(Authenticator.objects.get(user=person, type="recovery_codes"))
    assert codes.get_unused_codes() == ["12345678"]


def test_the_migration_reversed_stores_them_plain_again():
    person = UserFactory()
    secret = generate_totp_secret()
    TOTP.activate(person, secret)

    migration.decrypt_secrets(apps, None)

    assert Authenticator.objects.get(user=person, type="totp").data == {"secret": secret}


def test_authenticators_still_work_after_a_new_key_once_rows_are_reencrypted(
    client, cast, settings
):
    RecoveryCodes.activate(cast.coordinator)
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, settings.FIELD_ENCRYPTION_KEYS[0]]

    call_command("reencrypt_fields", stdout=StringIO())
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]  # the old key is gone

    sign_in_for_real(client, cast, "coordinator")
    assert client.get("/admin/").status_code == 200
    codes = RecoveryCodes(Authenticator.objects.get(user=cast.coordinator, type="recovery_codes"))
    assert len(codes.get_unused_codes()) == 10
