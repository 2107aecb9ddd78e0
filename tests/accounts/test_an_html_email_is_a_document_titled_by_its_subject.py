"""Every HTML email is a document of its own: opened as a page (a browser, a mail program's
"open in browser"), it says its character set and has a title, the email's subject. Every
email's document is one template (templates/email/base.html); each kind's is checked in
test_every_html_email_has_one_main_landmark.py."""

import pytest
from django.utils import timezone

from accounts.mail import render_templated_mail
from tests.factories import UserFactory


@pytest.mark.django_db
def test_an_html_email_is_titled_by_its_subject():
    person = UserFactory(full_name="Maya Mentor", email="maya@example.org")

    email = render_templated_mail(
        "account/email/password_changed",
        context={"user": person, "timestamp": timezone.now()},
    )

    assert email.subject == "Your password was changed"
    assert (
        '<html lang="en-GB">\n  <head><meta charset="utf-8"><title>Your password was changed'
        "</title></head>\n  <body>" in email.html
    )
