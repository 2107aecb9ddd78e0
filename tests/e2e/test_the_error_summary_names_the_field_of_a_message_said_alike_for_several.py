"""A message said in the same words for several fields (a limit) is named by its field in
the error summary, which focus moves to and which is read alone."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_sign_up_summary_says_which_field_is_too_long(page):
    """Sign-up with a name, job title and department each over 150 characters: the error
    summary says "This can be up to 150 characters long. Please shorten it." three times,
    word for word. Heard in the summary (where focus lands), the three are indistinguishable:
    nothing says which field each is about. Each message in the summary should be said once
    and name its field (e.g. "Full name: This can be up to 150 characters long…"), as the
    meeting log's summary does for its action steps ("New action step 1: …")."""
    page.goto(reverse("account_signup"))
    for label in ["Full name", "Job title (optional)", "Department (optional)"]:
        field = page.get_by_label(label, exact=True)
        field.evaluate("(el) => el.removeAttribute('maxlength')")  # a paste, or an old browser
        field.fill("x" * 151)
    page.get_by_label("Email").fill("new.person@example.org")
    page.get_by_label("Password", exact=True).fill("a-long-enough-passphrase")
    page.get_by_label("Password (again)").fill("a-long-enough-passphrase")
    page.get_by_role("button", name="Sign up").click()

    summary = page.locator("[data-error-summary]")
    summary.get_by_text("There is a problem").wait_for()
    items = summary.get_by_role("listitem").all_inner_texts()
    assert len(items) == 3
    assert len(set(items)) == len(items), items
