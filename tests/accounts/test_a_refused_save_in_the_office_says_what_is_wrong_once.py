"""A save the office's change forms refuse (programme, event, survey, pair, application,
invitation) says what is wrong once: the site's one error summary at the top ("There is a
problem"), each message in it once, and never Django's "Please correct the error(s) below."
as well. Signed in through the real authenticator step, as Carmen works."""

import re

import pytest
from django.urls import reverse

from accounts.stale_edits import OPENED_AS
from mentoring.models import MentorApplication
from tests.admin_pages import as_a_browser_posts, change_url, signed_in_for_real, words
from tests.factories import EventFactory, SurveyFactory

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")

TOO_LONG = "x" * 20_000
GAP_RULE = "The longest gap between meetings must be at least the shortest"


def programme(cast):
    return change_url(cast.programme), {"name": "", "gap_min_weeks": "8", "gap_max_weeks": "6"}


def event(cast):
    return change_url(EventFactory(programme=cast.programme)), {"title": ""}


def survey(cast):
    return change_url(SurveyFactory(programme=cast.programme)), {"title": ""}


def pair(cast):
    return change_url(cast.pair), {"end_note": TOO_LONG}


def application(cast):
    mayas = MentorApplication.objects.get(applicant=cast.mentor)
    return change_url(mayas), {"coordinator_notes": TOO_LONG}


def invitation(cast):
    """Board members, Add: where an invitation is made (InvitationAdmin only shows them)."""
    url = reverse("admin:mentoring_boardmember_add")
    return url, {"programme": cast.programme.pk, "email": "not an address", "role_title": "Dean"}


def a_stale_save(page):
    """`page`'s save from a tab whose stamp is not the row's as it is (a second tab): a
    refusal of the whole form, beside no field (`accounts.stale_edits`)."""

    def stale(cast):
        url, _ = page(cast)
        return url, {OPENED_AS: "forged-0123456789abcdef"}

    stale.__name__ = f"{page.__name__} saved from a second tab"
    return stale


def summary_lines(html: str) -> list[tuple[str, bool]]:
    """Each line of the page's one error summary: its words, and whether it links to a
    field (a message of the whole form links to none)."""
    [summary] = re.findall(r"<div[^>]*data-error-summary.*?</div>", html, re.S)
    return [
        (words(line), 'href="#' in line) for line in re.findall(r"<li>(.*?)</li>", summary, re.S)
    ]


REFUSED = [programme, event, survey, pair, application, invitation] + [
    a_stale_save(page) for page in (programme, event, survey)
]


@pytest.mark.parametrize("page", REFUSED, ids=lambda page: page.__name__)
def test_a_refused_save_says_what_is_wrong_once_in_the_sites_summary(office, cast, page):
    url, changes = page(cast)

    response = office.post(url, {**as_a_browser_posts(office.get(url)), **changes})

    assert response.status_code == 200  # sent back, not saved
    html = response.content.decode()
    assert html.count("data-error-summary") == 1
    assert "There is a problem" in html
    assert "Please correct the error" not in html
    assert 'class="errornote"' not in html
    lines = summary_lines(html)
    assert lines, "the summary names nothing"
    assert len(lines) == len(set(lines)), lines
    page_words = words(html)
    for line, of_a_field in lines:
        # Said in the summary; a field's own message once more, beside its field.
        assert page_words.count(line) == (2 if of_a_field else 1), line


def test_a_rule_across_the_programmes_fields_is_said_once_in_all(office, cast):
    url, changes = programme(cast)

    response = office.post(url, {**as_a_browser_posts(office.get(url)), **changes})

    assert [line for line, _ in summary_lines(response.content.decode()) if GAP_RULE in line]
    assert words(response.content.decode()).count(GAP_RULE) == 1
