# Whether a board place reaches someone's mailbox (mentoring.selectors.mailboxes) is found
# from the person's mailboxes through an index on the mailbox of each address a place may
# reach by (`approval.mailbox_in_sql`): the one invited (BoardMember.Meta), the one its
# account signs in with, and those it added. The accounts' two tables are not this app's
# models, so their indexes are made here, on PostgreSQL: the embedded SQLite mode holds a
# few hundred people, and its table rebuilds would drop an index its models do not name.

from django.conf import settings
from django.db import migrations, models
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat, Left, Length, Lower, Reverse, StrIndex, Trim


def mailbox(field):
    """`approval.mailbox_in_sql` as it stands in this migration."""
    address = Trim(field)
    at, plus = (RawSQL(f"'{c}'", (), output_field=models.CharField()) for c in "@+")
    local = Left(address, Length(address) - StrIndex(Reverse(address), at))
    plussed = Concat(local, plus)
    one = RawSQL("1", (), output_field=models.IntegerField())
    return Lower(Left(plussed, StrIndex(plussed, plus) - one))


ON_THE_ACCOUNTS = [
    (settings.AUTH_USER_MODEL, "user_mailbox"),
    ("account.EmailAddress", "email_address_mailbox"),
]


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, name in ON_THE_ACCOUNTS:
            index = models.Index(mailbox("email"), name=name)
            schema_editor.add_index(apps.get_model(model), index)


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, name in ON_THE_ACCOUNTS:
            index = models.Index(mailbox("email"), name=name)
            schema_editor.remove_index(apps.get_model(model), index)


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0044_office_emails_waiting_are_the_offices"),
        ("account", "0009_emailaddress_unique_primary_email"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="boardmember",
            index=models.Index(mailbox("email"), name="board_member_mailbox"),
        ),
        migrations.RunPython(add_indexes, remove_indexes, elidable=False),
    ]
