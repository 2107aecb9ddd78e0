"""A programme's status and settings, as the office sets them: closing closes recruitment
(as its confirmation says), a closed programme does not open again, a draft takes no
applications (said beside the box to untick), and the public holidays' country and region
are each refused beside their own box."""

import pytest
from django.urls import reverse

from mentoring.models import ProgrammeStatus
from tests.admin_pages import confirmed, form_data, signed_in_for_real
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db
office = signed_in_for_real("coordinator")


def change_url(programme):
    return reverse("admin:mentoring_programme_change", args=[programme.pk])


def posted(office, programme, **changes):
    """The programme's change form posted back as shown, with `changes` (None: unticked)."""
    data = {k: v for k, v in form_data(office.get(change_url(programme))).items() if v is not False}
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return office.post(change_url(programme), data)


def errors(page) -> dict[str, list[str]]:
    assert page.status_code == 200, f"saved ({page.status_code}) instead of refused"
    form = page.context["adminform"].form
    return {name: [str(e) for e in errs] for name, errs in form.errors.items()}


def test_closing_a_programme_still_recruiting_closes_its_recruitment(office, cast):
    assert cast.programme.recruitment_open

    page = posted(office, cast.programme, status="closed")
    assert page.context["title"] == "Close 2026/27 pilot?"
    office.post(change_url(cast.programme), confirmed(page))

    cast.programme.refresh_from_db()
    assert cast.programme.status == ProgrammeStatus.CLOSED
    assert not cast.programme.recruitment_open


@pytest.mark.parametrize("status", ["active", "draft"])
def test_a_closed_programme_does_not_open_again(office, cast, status):
    cast.programme.status = ProgrammeStatus.CLOSED
    cast.programme.recruitment_open = False
    cast.programme.save()

    page = posted(office, cast.programme, status=status, recruitment_open=None)

    assert errors(page)["status"] == [
        "This programme has closed: it has ended for everyone in it, and does not open "
        "again. Set up the next cohort as a new programme."
    ]
    cast.programme.refresh_from_db()
    assert cast.programme.status == ProgrammeStatus.CLOSED


def test_recruitment_ticked_on_a_closed_programme_changes_nothing(office, cast):
    """Closing clears it, as its confirmation says; the closed programme's page shows it
    without a box (test_a_programmes_page_offers_only_the_statuses_it_may_take.py),
    so a tick posted anyway is not read."""
    cast.programme.status = ProgrammeStatus.CLOSED
    cast.programme.recruitment_open = False
    cast.programme.save()

    posted(office, cast.programme, recruitment_open="on")

    cast.programme.refresh_from_db()
    assert not cast.programme.recruitment_open


def test_a_draft_still_recruiting_says_which_box_to_untick(office):
    draft = ProgrammeFactory(status=ProgrammeStatus.DRAFT, recruitment_open=False)

    page = posted(office, draft, recruitment_open="on")

    assert errors(page)["recruitment_open"] == [
        "A draft takes no applications: untick this, or make the programme active."
    ]


def test_a_region_the_country_lacks_is_refused_beside_the_region_naming_both(office, cast):
    page = posted(office, cast.programme, holiday_country="IE", holiday_subdivision="ENG")

    said = errors(page)
    assert "holiday_country" not in said
    assert said["holiday_subdivision"] == [
        "IE has no region ENG: leave it empty for the whole country."
    ]


def test_an_unknown_country_is_refused_beside_the_country(office, cast):
    page = posted(office, cast.programme, holiday_country="ZZ")

    assert errors(page)["holiday_country"] == [
        "We do not know the public holidays of this country. Use a two-letter code such as "
        "GB or IE."
    ]


def test_codes_in_lower_case_are_read_in_upper_case(office, cast):
    page = posted(office, cast.programme, holiday_country="gb", holiday_subdivision="sct")

    assert page.status_code == 302
    cast.programme.refresh_from_db()
    assert (cast.programme.holiday_country, cast.programme.holiday_subdivision) == ("GB", "SCT")


def test_a_closed_programmes_status_left_out_is_asked_for_once(office, cast):
    cast.programme.status = ProgrammeStatus.CLOSED
    cast.programme.recruitment_open = False
    cast.programme.save()

    page = posted(office, cast.programme, status=None, recruitment_open=None)

    assert len(errors(page)["status"]) == 1
