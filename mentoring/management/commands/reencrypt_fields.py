"""Re-encrypt every confidential field, and every authenticator secret, with the newest key
(the first of FIELD_ENCRYPTION_KEYS), so that an old key can then be removed."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from accounts.encryption import encrypted_fields, rotate
from accounts.mfa import authenticators_reencrypt


class Command(BaseCommand):
    help = "Re-encrypt confidential text with the first key of FIELD_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        total = 0
        for model, names in encrypted_fields():
            table = connection.ops.quote_name(model._meta.db_table)
            rotated = 0
            with transaction.atomic():
                # Raw values: the ORM would hand back decrypted text.
                columns = ", ".join(
                    connection.ops.quote_name(model._meta.get_field(name).column) for name in names
                )
                with connection.cursor() as cursor:
                    # Locked, so an edit saved meanwhile waits instead of being overwritten.
                    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
                    cursor.execute(f"SELECT id, {columns} FROM {table}{lock}")
                    rows = cursor.fetchall()
                for pk, *values in rows:
                    changes = {
                        model._meta.get_field(name).column: rotate(value)
                        for name, value in zip(names, values, strict=True)
                        if value
                    }
                    if not changes:
                        continue
                    assignments = ", ".join(
                        f"{connection.ops.quote_name(column)} = %s" for column in changes
                    )
                    with connection.cursor() as cursor:
                        cursor.execute(
                            f"UPDATE {table} SET {assignments} WHERE id = %s",
                            [*changes.values(), pk],
                        )
                    rotated += 1
            self.stdout.write(f"{model._meta.label}: {rotated} row(s) re-encrypted")
            total += rotated
        rotated = authenticators_reencrypt()
        self.stdout.write(f"mfa.Authenticator: {rotated} row(s) re-encrypted")
        total += rotated
        self.stdout.write(self.style.SUCCESS(f"{total} row(s) re-encrypted with the newest key."))
