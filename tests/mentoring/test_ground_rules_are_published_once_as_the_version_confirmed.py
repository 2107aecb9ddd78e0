"""The programme office's confirmation says "Version N … cannot be changed or withdrawn", and
"Yes" publishes version N, nothing else: pressed twice (a double click, or the back button
and "Yes" again) it publishes nothing more, and after a colleague published version N
meanwhile it publishes nothing over theirs but shows the confirmation again, naming the
next version. Carmen signs in for real: password, then her authenticator code."""

import pytest
from django.urls import reverse

from mentoring.models import GroundRules
from mentoring.services.pairs import (
    GroundRulesAlreadyPublished,
    GroundRulesChanged,
    ground_rules_publish,
)
from tests.admin_pages import confirmed, messages_shown, signed_in_for_real, words
from tests.concurrency import at_once, needs_postgresql

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")  # Carmen: password, then authenticator code

RULES_ADD = reverse("admin:mentoring_groundrules_add")
RULES = reverse("admin:mentoring_groundrules_changelist")
OURS = "Our ground rules"


def versions(programme) -> list[tuple[int, str]]:
    return list(
        GroundRules.objects.filter(programme=programme)
        .order_by("version")
        .values_list("version", "text")
    )


def asked_to_publish(office, cast, text=OURS):
    """Save on the add form: the confirmation naming the version "Yes" publishes."""
    return office.post(RULES_ADD, {"programme": cast.programme.pk, "text": text})


def test_publishing_ground_rules_twice_with_one_confirmation_publishes_once(office, cast):
    page = asked_to_publish(office, cast)
    assert 'value="Yes, publish version 1' in page.content.decode()
    yes = confirmed(page)

    first = office.post(RULES_ADD, yes)
    again = office.post(RULES_ADD, yes)  # pressed again

    assert versions(cast.programme) == [(1, OURS)], "one confirmation published two versions"
    assert first.status_code == again.status_code == 302
    assert messages_shown(office.get(again.url)) == [
        "Version 1 published. Every pair in 2026/27 pilot is asked to agree to it; they can go "
        "on logging meetings meanwhile.",
        "Version 1 was already published; nothing more done.",
    ]


def test_yes_after_a_colleague_published_does_not_publish_a_version_the_page_never_named(
    office, cast
):
    page = asked_to_publish(office, cast)
    assert 'value="Yes, publish version 1' in page.content.decode()
    ground_rules_publish(programme=cast.programme, text="A colleague's words", by=cast.superuser)

    response = office.post(RULES_ADD, confirmed(page))

    assert versions(cast.programme) == [(1, "A colleague's words")], (
        "the page promised version 1; the colleague published it meanwhile, and this Yes "
        "published a version 2 over theirs that no page had named"
    )
    assert response.status_code == 200
    assert messages_shown(response) == [
        "A colleague published version 1 meanwhile, so yours was not published. If it should "
        "replace version 1, publish it as version 2 below; if not, go back."
    ]
    said = words(response.content.decode())
    assert "Version 2 of the ground rules of 2026/27 pilot is published at once" in said
    assert 'value="Yes, publish version 2' in response.content.decode()


def test_yes_on_the_confirmation_shown_again_publishes_the_version_it_names(office, cast):
    page = asked_to_publish(office, cast)
    ground_rules_publish(programme=cast.programme, text="A colleague's words", by=cast.superuser)
    shown_again = office.post(RULES_ADD, confirmed(page))

    response = office.post(RULES_ADD, confirmed(shown_again))

    assert response.status_code == 302
    assert versions(cast.programme) == [(1, "A colleague's words"), (2, OURS)]


def test_the_same_words_published_by_a_colleague_meanwhile_are_not_published_again(office, cast):
    page = asked_to_publish(office, cast)
    ground_rules_publish(programme=cast.programme, text=OURS, by=cast.superuser)

    response = office.post(RULES_ADD, confirmed(page))

    assert versions(cast.programme) == [(1, OURS)]
    assert messages_shown(office.get(response.url)) == [
        "Version 1 was already published; nothing more done."
    ]


@pytest.mark.parametrize("version", [None, "", "abc", "٢", "2", "0", "99999999999999999999"])
def test_a_missing_or_forged_version_publishes_nothing_and_says_so(office, cast, version):
    yes = confirmed(asked_to_publish(office, cast))
    yes.pop("version", None)  # as a page that named none posts it
    if version is not None:
        yes["version"] = [version]

    response = office.post(RULES_ADD, yes)

    assert response.status_code == 200
    assert not GroundRules.objects.exists()
    assert len(messages_shown(response)) == 1
    assert "nothing was published" in messages_shown(response)[0]
    assert 'value="Yes, publish version 1' in response.content.decode()


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_two_yeses_at_the_same_moment_publish_one_version(cast):
    def yes():
        return ground_rules_publish(
            programme=cast.programme, text=OURS, by=cast.coordinator, shown=1
        )

    outcomes = at_once(yes, yes, expected=(GroundRulesAlreadyPublished, GroundRulesChanged))

    assert versions(cast.programme) == [(1, OURS)]
    assert sorted(type(outcome).__name__ for outcome in outcomes) == [
        "GroundRules",
        "GroundRulesAlreadyPublished",
    ]
