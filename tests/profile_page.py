"""The profile page as a person posts it back (`the_page_as_shown`), for the tests of editing
one's profile, details and nudges there (`PROFILE`)."""

from django.urls import reverse

# The page where a person edits their profile, details and nudges.
PROFILE = reverse("profile")


def the_page_as_shown(client) -> dict:
    """What the profile page posts back unchanged, whichever button is pressed."""
    response = client.get(PROFILE)
    data = {"section": []}
    for form in response.context["forms"]:
        for name in form.fields:
            value = form[name].value()
            data[form.add_prefix(name)] = "" if value is None else value
    page = response.content.decode()
    for section in ("profile", "details", "nudges"):
        if f'name="section" value="{section}"' in page:
            data["section"].append(section)
    return data
