"""A programme, an event or a survey open in two tabs (or two coordinators' browsers): the
later save is refused, rather than silently putting back what its page showed over the
change the first saved. It shows the form again as typed, with one error at the top saying
a change was saved in another tab or by someone else, and linking to the page's own address
to open the saved version (`accounts.stale_edits`): the page is the answer to a post, which
reloading would send again, to be refused again. A save with
a made-up stamp is refused alike, and so is a post with an empty stamp or none at all (made
by hand, or from a page opened before there was one), which is told that the page said
nothing of what it showed rather than of a change nobody may have made; a page opened once
saves as it always did. A save that asks first (closing a programme, deleting ended pairs'
notes sooner) is refused at once from a stale tab, not asked about and refused only after
"Yes". The same for a board member's profile in two tabs."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.stale_edits import OPENED_AS
from mentoring.models import BoardMember, Event, Match, MatchStatus, Programme, ProgrammeStatus
from tests.admin_pages import (
    as_a_browser_posts,
    change_url,
    form_data,
    messages_shown,
    signed_in_for_real,
    words,
)
from tests.cast import sign_in_as
from tests.concurrency import needs_postgresql, run_now
from tests.factories import BoardMemberFactory, EventFactory, ProgrammeFactory, SurveyFactory

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")

SAID = (
    "Since you opened this page, a change to this {} was saved in another tab or window, or by "
    "someone else, so nothing was saved"
)
STAMPLESS = "This page did not say which version of {} it showed"


def _summary(response) -> str:
    """The words of the page's error summary ("There is a problem …"), "" when none."""
    page = response.content.decode()
    start = page.find('<div class="alert alert-danger error-summary"')
    return words(page[start : page.index("</div>", start)]) if start >= 0 else ""


def _links_in_summary(response) -> list[tuple[str, str]]:
    """Each link of the page's error summary: (its words, where it leads)."""
    page = response.content.decode()
    start = page.find('<div class="alert alert-danger error-summary"')
    if start < 0:
        return []
    summary = page[start : page.index("</div>", start)]
    return [
        (words(text), html.unescape(href))
        for href, text in re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', summary, re.S)
    ]


def _as_typed(response, name) -> str:
    return response.context["adminform"].form[name].value()


def test_a_programmes_second_tab_cannot_undo_the_name_saved_in_the_first(office, cast):
    url = change_url(cast.programme)
    tab_one, tab_two = form_data(office.get(url)), form_data(office.get(url))
    tab_two["organisation"] = "Typed in tab two"

    first = office.post(url, {**tab_one, "name": "Renamed in tab one"})
    assert first.status_code == 302
    office.get(first.url)  # where "changed successfully" is said, for tab one
    second = office.post(url, tab_two)

    assert second.status_code == 200, "the second tab's save went through"
    assert SAID.format("programme") in _summary(second)
    assert _links_in_summary(second) == [("Open the saved version", url)]
    assert _as_typed(second, "organisation") == "Typed in tab two"  # what was typed is kept
    assert not [m for m in messages_shown(second) if "successfully" in m]
    cast.programme.refresh_from_db()
    assert cast.programme.name == "Renamed in tab one"
    assert cast.programme.organisation != "Typed in tab two"


def test_a_refused_programme_page_links_to_the_saved_version_rather_than_saying_reload(
    office, cast
):
    """Reloading the refused page would post the refused save again (the browser asks to
    send it again, and the same refusal comes back): the summary's link opens the page
    afresh, showing what the first tab saved."""
    url = change_url(cast.programme)
    tab_one, tab_two = form_data(office.get(url)), form_data(office.get(url))
    assert office.post(url, {**tab_one, "name": "Renamed in tab one"}).status_code == 302
    refused = office.post(url, {**tab_two, "organisation": "Typed in tab two"})
    assert "Reload" not in _summary(refused)
    [(link, reopen)] = _links_in_summary(refused)
    assert link == "Open the saved version"

    saved = office.get(reopen)

    assert saved.status_code == 200
    assert _summary(saved) == ""
    assert _as_typed(saved, "name") == "Renamed in tab one"
    assert _as_typed(saved, "organisation") != "Typed in tab two"
    # The saved version saves: it carries the stamp of the row as it is now.
    again = office.post(reopen, {**form_data(saved), "organisation": "Typed again"})
    assert again.status_code == 302
    assert Programme.objects.get(pk=cast.programme.pk).organisation == "Typed again"


def test_a_programmes_page_opened_once_saves_and_saves_again_once_reloaded(office, cast):
    url = change_url(cast.programme)
    assert office.post(url, {**form_data(office.get(url)), "name": "First"}).status_code == 302
    # Reloaded, the page carries the stamp of the row as it is now.
    assert office.post(url, {**form_data(office.get(url)), "name": "Second"}).status_code == 302
    cast.programme.refresh_from_db()
    assert cast.programme.name == "Second"


@pytest.mark.parametrize(
    ("stamp", "said"),
    [
        ("", STAMPLESS.format("this programme")),
        ("forged-0123456789abcdef", SAID.format("programme")),
    ],
)
def test_a_programme_saved_with_an_empty_or_made_up_stamp_is_refused(office, cast, stamp, said):
    url = change_url(cast.programme)
    data = {**form_data(office.get(url)), "name": "No stamp", OPENED_AS: stamp}

    response = office.post(url, data)

    assert response.status_code == 200
    assert said in _summary(response)
    cast.programme.refresh_from_db()
    assert cast.programme.name != "No stamp"


def test_a_programme_posted_with_no_stamp_is_refused_and_shown_again_as_typed(office, cast):
    url = change_url(cast.programme)
    data = {**form_data(office.get(url)), "name": "Typed with no stamp"}
    del data[OPENED_AS]

    response = office.post(url, data)

    assert response.status_code == 200, "a post with no stamp was saved"
    assert STAMPLESS.format("this programme") in _summary(response)
    assert "was saved by someone else" not in _summary(response), "told of a change nobody made"
    assert "then make your changes again. What you typed is below." in _summary(response)
    assert _links_in_summary(response) == [("Open the saved version", url)]
    assert "Reload" not in _summary(response)
    assert _as_typed(response, "name") == "Typed with no stamp"
    cast.programme.refresh_from_db()
    assert cast.programme.name == "2026/27 pilot"


def _notes_ended_ten_days_ago(cast) -> None:
    Match.objects.filter(pk=cast.pair.pk).update(
        status=MatchStatus.ENDED,
        ended_at=timezone.now() - timedelta(days=10),
        end_reason="completed",
    )


# A save of the programme that asks first: what it changes, and what has to be so before.
ASKING_SAVES = {
    "closing": ({"status": ProgrammeStatus.CLOSED, "recruitment_open": False}, lambda cast: None),
    "deleting notes sooner": ({"notes_retention_days": "30"}, _notes_ended_ten_days_ago),
}


@pytest.mark.parametrize("asking", ASKING_SAVES)
def test_a_stale_tab_is_refused_before_it_is_asked_anything(office, cast, mailoutbox, asking):
    changes, first = ASKING_SAVES[asking]
    first(cast)
    url = change_url(cast.programme)
    tab_one, tab_two = form_data(office.get(url)), form_data(office.get(url))
    assert office.post(url, {**tab_one, "name": "Renamed in tab one"}).status_code == 302

    response = office.post(url, {**tab_two, **changes})

    assert response.status_code == 200
    assert "adminform" in response.context, "the stale tab was asked before it was refused"
    assert SAID.format("programme") in _summary(response)
    assert all(_as_typed(response, name) == value for name, value in changes.items())
    cast.programme.refresh_from_db()
    assert cast.programme.name == "Renamed in tab one"
    assert cast.programme.status == ProgrammeStatus.ACTIVE
    assert cast.programme.notes_retention_days != 30
    assert not mailoutbox


def test_the_stamp_is_hidden_on_the_page_and_not_a_change_of_its_own(office, cast):
    page = office.get(change_url(cast.programme)).content.decode()
    assert f'type="hidden" name="{OPENED_AS}"' in page
    url = change_url(cast.programme)
    office.post(url, {**form_data(office.get(url)), "name": "Renamed"})
    # The history says what changed, never the stamp.
    history = office.get(reverse("admin:mentoring_programme_history", args=[cast.programme.pk]))
    assert "Opened as" not in history.content.decode()


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_a_programme_saved_by_someone_else_while_this_save_runs_is_not_undone(
    office, cast, monkeypatch
):
    """The stamp is compared with the row read under its lock as the save writes, not as
    the form was checked: a save committed in between is not undone either."""
    from mentoring.admin.programmes import ProgrammeAdminForm

    url = change_url(cast.programme)
    data = {**form_data(office.get(url)), "organisation": "Typed in tab two"}
    clean = ProgrammeAdminForm.clean

    def clean_while_tab_one_saves(form):
        assert run_now(
            lambda: Programme.objects.filter(pk=cast.programme.pk).update(name="Renamed in tab one")
        )
        return clean(form)

    monkeypatch.setattr(ProgrammeAdminForm, "clean", clean_while_tab_one_saves)
    response = office.post(url, data)

    assert response.status_code == 200
    assert SAID.format("programme") in _summary(response)
    cast.programme.refresh_from_db()
    assert cast.programme.name == "Renamed in tab one"
    assert cast.programme.organisation != "Typed in tab two"


@pytest.fixture
def coming_event(cast):
    return EventFactory(
        programme=cast.programme,
        title="Autumn social",
        starts_at=timezone.now() + timedelta(days=30),
        ends_at=timezone.now() + timedelta(days=30, hours=2),
    )


def test_an_events_second_tab_cannot_undo_the_title_saved_in_the_first(office, coming_event):
    url = change_url(coming_event)
    tab_one = as_a_browser_posts(office.get(url))
    tab_two = as_a_browser_posts(office.get(url))
    tab_two["location"] = "Typed in tab two"

    assert office.post(url, {**tab_one, "title": "Renamed in tab one"}).status_code == 302
    second = office.post(url, tab_two)

    assert second.status_code == 200
    assert SAID.format("event") in _summary(second)
    assert _as_typed(second, "location") == "Typed in tab two"
    coming_event.refresh_from_db()
    assert coming_event.title == "Renamed in tab one"
    assert coming_event.location != "Typed in tab two"


def test_an_event_opened_once_saves(office, coming_event):
    url = change_url(coming_event)
    response = office.post(url, {**as_a_browser_posts(office.get(url)), "title": "Renamed"})
    assert response.status_code == 302
    assert Event.objects.get(pk=coming_event.pk).title == "Renamed"


def test_a_surveys_second_tab_cannot_undo_the_title_saved_in_the_first(office, cast):
    survey = SurveyFactory(
        programme=cast.programme,
        title="Mid-year check-in",
        opens_at=timezone.now() + timedelta(days=30),
    )
    url = change_url(survey)
    tab_one = as_a_browser_posts(office.get(url))
    tab_two = as_a_browser_posts(office.get(url))

    assert office.post(url, {**tab_one, "title": "Renamed in tab one"}).status_code == 302
    second = office.post(url, tab_two)

    assert second.status_code == 200
    assert SAID.format("survey") in _summary(second)
    survey.refresh_from_db()
    assert survey.title == "Renamed in tab one"


# --- a board member's profile, in two tabs ---------------------------------------------------


def _profile_as_shown(response) -> dict:
    """What the profile page's form posts back unchanged, as a browser sends it."""
    form = response.context["form"]
    data = {"section": "profile"}
    for name in form.fields:
        value = form[name].value()
        if value in (None, False):
            continue
        data[form.add_prefix(name)] = value
    return data


def test_bolas_second_tab_cannot_put_back_the_learning_goals_saved_in_the_first(client, cast):
    sign_in_as(client, cast, "board_member")
    url = reverse("profile")
    tab_one, tab_two = _profile_as_shown(client.get(url)), _profile_as_shown(client.get(url))
    tab_two["bio"] = "Typed in tab two."

    first = client.post(url, {**tab_one, "learning_goals": "New goals from tab one."})
    assert first.status_code == 302
    second = client.post(url, tab_two)

    assert second.status_code == 200
    summary = _summary(second)
    assert (
        "Since you opened this page, a change to your profile was saved in another tab or "
        "window, or by the programme office, so nothing was saved" in summary
    )
    assert _links_in_summary(second) == [("Open the saved version", url)]
    assert "Reload" not in summary
    # Said once, in the summary: not again above the form.
    assert words(second.content.decode()).count("a change to your profile was saved") == 1
    assert second.context["form"]["bio"].value() == "Typed in tab two."
    member = BoardMember.objects.get(pk=cast.pair.board_member.pk)
    assert member.learning_goals == "New goals from tab one."
    assert member.bio != "Typed in tab two."


def test_bolas_refused_profile_links_to_the_saved_version_rather_than_saying_reload(client, cast):
    """The link opens the profile page she posted to, the programme's own (`?programme=`),
    afresh: the learning goals her first tab saved, not what her second typed."""
    sign_in_as(client, cast, "board_member")
    url = f"{reverse('profile')}?programme={cast.programme.slug}"
    tab_one, tab_two = _profile_as_shown(client.get(url)), _profile_as_shown(client.get(url))
    saved_first = client.post(url, {**tab_one, "learning_goals": "Goals from tab one."})
    assert saved_first.status_code == 302
    refused = client.post(url, {**tab_two, "learning_goals": "Typed in tab two."})
    assert refused.status_code == 200
    assert "Reload" not in _summary(refused)
    [(link, reopen)] = _links_in_summary(refused)
    assert link == "Open the saved version"

    saved = client.get(reopen)

    assert saved.status_code == 200
    assert _summary(saved) == ""
    assert saved.context["form"]["learning_goals"].value() == "Goals from tab one."
    assert saved.context["member"] == cast.pair.board_member


def test_bolas_profile_posted_with_no_stamp_is_refused_and_shown_again_as_typed(client, cast):
    sign_in_as(client, cast, "board_member")
    url = reverse("profile")
    data = {**_profile_as_shown(client.get(url)), "learning_goals": "Typed with no stamp."}
    del data[OPENED_AS]

    response = client.post(url, data)

    assert response.status_code == 200, "a post with no stamp was saved"
    assert STAMPLESS.format("your profile") in _summary(response)
    assert "a change to your profile was saved" not in _summary(response)
    assert _links_in_summary(response) == [("Open the saved version", url)]
    assert response.context["form"]["learning_goals"].value() == "Typed with no stamp."
    member = BoardMember.objects.get(pk=cast.pair.board_member.pk)
    assert member.learning_goals != "Typed with no stamp."


def test_bolas_profile_opened_once_saves(client, cast):
    sign_in_as(client, cast, "board_member")
    url = reverse("profile")
    data = {**_profile_as_shown(client.get(url)), "learning_goals": "Saved once."}
    assert client.post(url, data).status_code == 302
    assert BoardMember.objects.get(pk=cast.pair.board_member.pk).learning_goals == "Saved once."


def test_a_page_whose_field_was_made_read_only_since_it_opened_still_saves(office, cast):
    """A draft's address is typed on its page until someone takes part (then it is kept,
    read-only): a board member invited while the page was open is not a change to what
    the page showed, so its save goes through."""
    draft = ProgrammeFactory(status=ProgrammeStatus.DRAFT, recruitment_open=False)
    url = change_url(draft)
    opened = form_data(office.get(url))
    assert "slug" in opened
    BoardMemberFactory(programme=draft)  # its address is read-only from now on

    saved = office.post(url, {**opened, "name": "Renamed after the invitation"})

    assert saved.status_code == 302, _summary(saved)
    draft.refresh_from_db()
    assert draft.name == "Renamed after the invitation"
