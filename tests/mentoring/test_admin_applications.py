"""The programme office reviews mentor applications and runs programmes in the admin."""

import csv
import html
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse
from django.utils import timezone

from mentoring.models import ApplicationStatus, MentorApplication, Programme, ProgrammeStatus
from tests.admin_pages import messages_shown
from tests.cast import from_the_cast
from tests.factories import (
    DraftApplicationFactory,
    GradeFactory,
    MentorApplicationFactory,
    ProgrammeFactory,
    UserFactory,
    application_from,
    line_manager_asked,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:mentoring_mentorapplication_changelist")


def change_url(application):
    return reverse("admin:mentoring_mentorapplication_change", args=[application.pk])


@pytest.fixture
def programme(cast):
    """The cast's programme, where Maya and Omar were accepted as mentors (Life Sciences)."""
    MentorApplication.objects.filter(programme=cast.programme).update(department="Life Sciences")
    return cast.programme


coordinator = from_the_cast("coordinator")
staff_member = from_the_cast("outsider")  # Olu, signed-up staff in no programme


@pytest.fixture
def priya(programme):
    """An eligible applicant from Finance who cares about anti-racism."""
    return application_from(
        programme,
        "Priya Patel",
        department="Finance",
        themes=programme.themes.filter(name="Anti-racism"),
    )


@pytest.fixture
def tom(programme):
    """An applicant from Estates with a conflict of interest, so not eligible."""
    return application_from(
        programme,
        "Tom Tran",
        department="Estates",
        has_conflict=True,
        conflict_details="A grievance in progress.",
        eligible=False,
        themes=programme.themes.filter(name="Culture change"),
    )


@pytest.fixture
def ada(programme):
    """An eligible applicant who has already been accepted."""
    return application_from(
        programme, "Ada Adeyemi", department="Library Services", status=ApplicationStatus.ACCEPTED
    )


@pytest.fixture
def dana(programme):
    """Someone still writing their application."""
    return DraftApplicationFactory(
        programme=programme,
        applicant=UserFactory(full_name="Dana Draft", email="dana@example.org"),
        bio="Dana's half-written bio",
    )


@pytest.fixture
def office(client, coordinator):
    """The coordinator's browser, signed in to the programme office."""
    client.force_login(coordinator)
    return client


def names_listed(client, query=""):
    content = client.get(CHANGELIST + query).content.decode()
    return sorted(re.findall(r'<th class="field-applicant_name"><a [^>]*>([^<]*)</a>', content))


def act(client, action, *applications, url=CHANGELIST):
    """Choose the action, then confirm it as the confirmation page's own form would."""
    selected = {"action": action, "_selected_action": [a.pk for a in applications]}
    page = client.post(url, selected)
    hidden = dict(page.context["hidden"]) if page.status_code == 200 and page.context else {}
    return client.post(url, {**selected, **hidden, "confirmed": "yes"}, follow=True)


def confirmation(client, action, *applications):
    """The page shown before anything is decided or sent."""
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [a.pk for a in applications]}
    )


# --- who gets in ----------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, priya):
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    response = client.get(change_url(priya), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))


def test_a_staff_member_who_is_not_a_coordinator_is_refused(client, staff_member, priya):
    client.force_login(staff_member)
    for url in (CHANGELIST, change_url(priya)):
        response = client.get(url, follow=True)
        assert response.status_code == 403
        assert "Priya Patel" not in response.content.decode()


def test_an_admin_user_without_coordinator_permissions_is_refused(client, priya):
    helper = UserFactory(is_staff=True)
    TOTP.activate(helper, generate_totp_secret())
    client.force_login(helper)

    assert client.get(CHANGELIST).status_code == 403
    assert client.get(change_url(priya)).status_code == 403
    act(client, "accept", priya)
    priya.refresh_from_db()
    assert priya.status == ApplicationStatus.SUBMITTED


# --- the list -------------------------------------------------------------------------------


def test_a_coordinator_sees_submitted_applications_but_never_drafts(office, priya, tom, ada, dana):
    MentorApplicationFactory(
        applicant=UserFactory(full_name="Wes Withdrawn"), status=ApplicationStatus.WITHDRAWN
    )

    # Withdrawn applications stay on the record; drafts are the applicant's own.
    assert names_listed(office) == [
        "Ada Adeyemi",
        "Maya Mentor",
        "Omar Other",
        "Priya Patel",
        "Tom Tran",
        "Wes Withdrawn",
    ]
    response = office.get(change_url(dana), follow=True)
    assert "Dana&#x27;s half-written bio" not in response.content.decode()
    assert "Perhaps it was deleted?" in messages_shown(response)[0]


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("?status__exact=submitted", ["Priya Patel", "Tom Tran"]),
        # The cast's mentors, Maya and Omar, were accepted.
        ("?status__exact=accepted", ["Ada Adeyemi", "Maya Mentor", "Omar Other"]),
        ("?eligible__exact=0", ["Tom Tran"]),
        ("?eligible__exact=1", ["Ada Adeyemi", "Maya Mentor", "Omar Other", "Priya Patel"]),
        ("?department=Finance", ["Priya Patel"]),
        ("?status__exact=submitted&eligible__exact=1", ["Priya Patel"]),
    ],
)
def test_filters_narrow_the_list(office, priya, tom, ada, query, names):
    assert names_listed(office, query) == names


def test_the_status_filter_offers_only_the_statuses_of_sent_applications(office, priya):
    content = office.get(CHANGELIST).content.decode()

    assert "?status__exact=waitlisted" in content
    assert "?status__exact=draft" not in content


def test_the_department_filter_offers_only_departments_of_sent_applications(
    office, priya, tom, dana
):
    dana.department = "Secret Drafting Unit"
    dana.save()
    content = office.get(CHANGELIST).content.decode()
    assert "?department=Finance" in content
    assert "?department=Estates" in content
    assert "Secret Drafting Unit" not in content


def filter_link(client, text, query="") -> str:
    """The address of the sidebar filter choice that reads `text`."""
    content = client.get(CHANGELIST + query).content.decode()
    found = re.search(r'<a href="(\?[^"]*)">\s*' + re.escape(text) + r"\s*</a>", content)
    assert found, f"no filter choice {text!r}"
    return html.unescape(found.group(1))


def test_the_submitted_filter_narrows_the_list_to_recent_applications(office, priya, tom):
    a_month_ago = timezone.now() - timedelta(days=30)
    MentorApplication.objects.filter(pk=priya.pk).update(submitted_at=a_month_ago)
    MentorApplication.objects.exclude(pk__in=[priya.pk, tom.pk]).update(submitted_at=a_month_ago)

    assert names_listed(office, filter_link(office, "Past 7 days")) == ["Tom Tran"]
    assert "Priya Patel" in names_listed(office, filter_link(office, "This year"))


def test_the_list_shows_fifty_applications_a_page(office, programme):
    for number in range(51):
        application_from(programme, f"Applicant{number:02} Sent")

    first, second = names_listed(office), names_listed(office, "?p=2")

    assert len(first) == 50
    assert len(second) == 51 + 2 - 50  # and the cast's two mentors
    assert not set(first) & set(second)


def test_the_themes_filter_narrows_the_list(office, programme, priya, tom):
    culture = programme.themes.get(name="Culture change")
    assert names_listed(office, f"?themes__id__exact={culture.pk}") == ["Tom Tran"]


def theme_choices(client, query="") -> list[str]:
    """The themes filter's choices, as the sidebar lists them."""
    content = client.get(CHANGELIST + query).content.decode()
    return [
        html.unescape(name).strip()
        for name in re.findall(r'<a href="\?[^"]*themes__id__exact=\d+[^"]*">([^<]*)</a>', content)
    ]


def test_the_themes_filter_names_each_theme_with_its_programme_until_one_is_chosen(
    office, programme, priya
):
    earlier = ProgrammeFactory(name="2025 pilot", themes=["Anti-racism"])

    everyone = theme_choices(office)
    chosen = theme_choices(office, f"?programme__id__exact={programme.pk}")

    assert f"Anti-racism ({programme.name})" in everyone
    assert "Anti-racism (2025 pilot)" in everyone
    assert sorted(chosen) == sorted(programme.themes.values_list("name", flat=True))
    assert earlier.themes.exists()
    assert "Anti-racism (2025 pilot)" not in chosen
    assert len(chosen) == programme.themes.count()


@pytest.mark.parametrize(
    ("search", "names"),
    [("Priya", ["Priya Patel"]), ("tom@example", ["Tom Tran"]), ("Dana", [])],
)
def test_coordinators_search_by_name_or_email(office, priya, tom, dana, search, names):
    assert names_listed(office, f"?q={search}") == names


# --- one application ------------------------------------------------------------------------


def test_the_change_page_shows_the_answers_read_only(office, priya):
    content = office.get(change_url(priya)).content.decode()

    assert "Research technician who runs the staff race network&#x27;s book club." in content
    assert "Tuesday and Thursday mornings" in content
    assert "Anti-racism" in content
    assert 'name="bio"' not in content
    assert 'name="status"' not in content
    assert '<textarea name="coordinator_notes"' in content


def change_form_data(client, application, **fields):
    """What the change form would post: the editable fields and each inline's management form."""
    response = client.get(change_url(application))
    data = dict(fields)
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name, field in management.fields.items():
            data[management.add_prefix(name)] = management.initial.get(name, field.initial)
    return data


def test_a_coordinator_saves_notes_but_cannot_change_the_answers(office, priya):
    data = change_form_data(
        office,
        priya,
        coordinator_notes="Strong statement; talk to her about the Estates pairing.",
        bio="Forged bio",
        status=ApplicationStatus.ACCEPTED,
        eligible="False",
        department="Forged department",
    )

    response = office.post(change_url(priya), data)

    assert response.status_code == 302
    priya.refresh_from_db()
    assert priya.coordinator_notes == "Strong statement; talk to her about the Estates pairing."
    assert priya.bio == "Research technician who runs the staff race network's book club."
    assert priya.status == ApplicationStatus.SUBMITTED
    assert priya.eligible is True
    assert priya.department == "Finance"
    assert priya.decided_at is None


def test_coordinators_cannot_add_or_delete_applications(office, priya):
    assert office.get(reverse("admin:mentoring_mentorapplication_add")).status_code == 403
    delete = reverse("admin:mentoring_mentorapplication_delete", args=[priya.pk])
    assert office.post(delete, {"post": "yes"}).status_code == 403
    assert MentorApplication.objects.filter(pk=priya.pk).exists()


# --- decisions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "status", "message", "subject", "sentence"),
    [
        (
            "accept",
            ApplicationStatus.ACCEPTED,
            "2 applications accepted; each applicant has been emailed.",
            "You are a reverse mentor in 2026/27 pilot",
            "We are delighted to accept your application to be a reverse mentor in 2026/27 pilot.",
        ),
        (
            "waitlist",
            ApplicationStatus.WAITLISTED,
            "2 applications put on the waiting list; each applicant has been emailed.",
            "Your reverse mentoring application: waiting list",
            "so we have put you on the waiting list.",
        ),
        (
            "decline",
            ApplicationStatus.DECLINED,
            "2 applications declined; each applicant has been emailed.",
            "Your reverse mentoring application",
            "We are sorry that we cannot offer you a place in this cohort.",
        ),
    ],
)
def test_a_coordinator_decides_in_bulk_and_each_applicant_is_told(
    office,
    programme,
    priya,
    mailoutbox,
    django_capture_on_commit_callbacks,
    action,
    status,
    message,
    subject,
    sentence,
):
    sol = application_from(programme, "Sol Okafor")

    with django_capture_on_commit_callbacks(execute=True):
        response = act(office, action, priya, sol)

    assert messages_shown(response) == [message]
    for application in (priya, sol):
        application.refresh_from_db()
        assert application.status == status
        assert application.decided_at is not None
    assert sorted(mail.to[0] for mail in mailoutbox) == ["priya@example.org", "sol@example.org"]
    for mail in mailoutbox:
        greeting = "Dear Priya," if mail.to == ["priya@example.org"] else "Dear Sol,"
        assert mail.subject == subject
        html = mail.alternatives[0][0]
        for body in (mail.body, html):
            assert greeting in body
            assert sentence in body
        assert "https://mentoring.example.org/dashboard/" in mail.body
        assert 'href="https://mentoring.example.org/dashboard/"' in html


def test_accepting_an_ineligible_application_is_refused(
    office, tom, mailoutbox, django_capture_on_commit_callbacks
):
    assert "Tom Tran: not eligible" in confirmation(office, "accept", tom).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        act(office, "accept", tom)

    tom.refresh_from_db()
    assert tom.status == ApplicationStatus.SUBMITTED
    assert tom.decided_at is None
    assert mailoutbox == []


def test_an_ineligible_application_can_still_be_declined(
    office, tom, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        act(office, "decline", tom)

    tom.refresh_from_db()
    assert tom.status == ApplicationStatus.DECLINED
    assert [mail.to for mail in mailoutbox] == [["tom@example.org"]]


@pytest.mark.parametrize("action", ["accept", "waitlist", "decline"])
def test_withdrawn_applications_are_not_changed(
    office, programme, mailoutbox, django_capture_on_commit_callbacks, action
):
    withdrawn = MentorApplicationFactory(programme=programme, status=ApplicationStatus.WITHDRAWN)

    page = confirmation(office, action, withdrawn).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        act(office, action, withdrawn)

    assert "withdrawn, so not the office&#x27;s to decide" in page
    assert "Nobody would be emailed" in page
    withdrawn.refresh_from_db()
    assert withdrawn.status == ApplicationStatus.WITHDRAWN
    assert withdrawn.decided_at is None
    assert mailoutbox == []


def test_deciding_the_same_way_twice_emails_once(
    office, priya, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        act(office, "accept", priya)
        page = confirmation(office, "accept", priya).content.decode()
        act(office, "accept", priya)

    assert len(mailoutbox) == 1
    assert "Priya Patel: already accepted" in page


def test_a_forged_action_cannot_reach_a_draft(
    office, dana, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        act(office, "decline", dana)

    dana.refresh_from_db()
    assert dana.status == ApplicationStatus.DRAFT
    assert mailoutbox == []


# --- export ---------------------------------------------------------------------------------


def test_the_csv_export_has_a_header_and_a_row_per_selected_application(
    office, programme, priya, tom, ada
):
    priya.grade = GradeFactory(name="Grade 6")
    priya.save()

    response = office.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [priya.pk, tom.pk]}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="applications-\d{8}-\d{4}\.csv"', response["Content-Disposition"]
    )
    header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[:7] == ["Name", "Email", "Programme", "Department", "Grade", "Status", "Eligible"]
    assert header[-1] == "Reflection on the key qualities"
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert sorted(by_name) == ["Priya Patel", "Tom Tran"]
    assert by_name["Priya Patel"] | {"Submitted": ""} == {
        "Name": "Priya Patel",
        "Email": "priya@example.org",
        "Programme": "2026/27 pilot",
        "Department": "Finance",
        "Grade": "Grade 6",
        "Status": "Submitted",
        "Eligible": "yes",
        "Submitted": "",
        "Themes": "Anti-racism",
        "Learning style": priya.get_learning_style_display(),
        "Interaction approach": priya.get_interaction_approach_display(),
        "Availability": "Tuesday and Thursday mornings",
        "Line manager": "Not needed",
        "Experiences to share": priya.experience_statement,
        "Conflict of interest": "no",
        "Conflict details": "",
        "Bio": "Research technician who runs the staff race network's book club.",
        "Reflection on the key qualities": priya.qualities_reflection,
    }
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", by_name["Priya Patel"]["Submitted"])
    assert by_name["Tom Tran"]["Eligible"] == "no"


@pytest.mark.parametrize(
    ("typed", "exported"),
    [
        (
            '=HYPERLINK("http://evil.example","Click")',
            '\'=HYPERLINK("http://evil.example","Click")',
        ),
        ("+44 Finance", "'+44 Finance"),
        ("-Estates", "'-Estates"),
        ("@Library", "'@Library"),
        ("Library Services", "Library Services"),
    ],
)
def test_the_csv_export_neutralises_formulas_that_applicants_typed(
    office, programme, typed, exported
):
    application = MentorApplicationFactory(programme=programme, department=typed)

    response = office.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [application.pk]}
    )

    [_, row] = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert row[3] == exported


# --- programmes -----------------------------------------------------------------------------

PROGRAMMES = reverse("admin:mentoring_programme_changelist")


def test_a_coordinator_closes_recruitment(office, programme):
    response = office.post(
        PROGRAMMES,
        {"action": "close_recruitment", "_selected_action": [programme.pk]},
        follow=True,
    )

    programme.refresh_from_db()
    assert programme.recruitment_open is False
    assert messages_shown(response) == [
        f"Recruitment is now closed for {programme}: its page shows the closed message."
    ]


def test_a_coordinator_opens_recruitment_only_for_active_programmes(office):
    paused = ProgrammeFactory(name="Paused cohort", recruitment_open=False)
    draft = ProgrammeFactory(name="Next year", status=ProgrammeStatus.DRAFT, recruitment_open=False)

    response = office.post(
        PROGRAMMES,
        {"action": "open_recruitment", "_selected_action": [paused.pk, draft.pk]},
        follow=True,
    )

    paused.refresh_from_db()
    draft.refresh_from_db()
    assert paused.recruitment_open is True
    assert draft.recruitment_open is False
    assert messages_shown(response) == [
        "Recruitment is now open for Paused cohort.",
        "Recruitment stays closed for Next year (a draft): it opens only for an active programme.",
    ]


def test_opening_recruitment_for_no_active_programme_claims_no_success(office):
    draft = ProgrammeFactory(name="Next year", status=ProgrammeStatus.DRAFT, recruitment_open=False)
    ended = ProgrammeFactory(
        name="2024 pilot", status=ProgrammeStatus.CLOSED, recruitment_open=False
    )

    response = office.post(
        PROGRAMMES,
        {"action": "open_recruitment", "_selected_action": [draft.pk, ended.pk]},
        follow=True,
    )

    assert [(m.level_tag, m.message) for m in response.context["messages"]] == [
        (
            "warning",
            "Recruitment stays closed for 2024 pilot (closed) and Next year (a draft): it "
            "opens only for an active programme.",
        )
    ]


def test_a_coordinator_adds_a_programme_with_its_themes(office):
    data = {
        "name": "2027/28 cohort",
        "slug": "2027-28",
        "organisation": "Example University",
        "status": ProgrammeStatus.DRAFT,
        "recruitment_closed_message": "Not yet.",
        "meeting_minutes": "60",
        "gap_min_weeks": "6",
        "gap_max_weeks": "8",
        "holiday_country": "GB",
        "holiday_subdivision": "ENG",
        "office_email": "edi-office@example.org",
        "remind_days_before": "7",
        "remind_days_before_last": "1",
        "log_reminder_days_after": "2",
        "first_contact_days": "7",
        "line_manager_reminder_days": "7",
        "survey_min_group_size": "5",
        "themes-TOTAL_FORMS": "2",
        "themes-INITIAL_FORMS": "0",
        "themes-MIN_NUM_FORMS": "0",
        "themes-MAX_NUM_FORMS": "1000",
        "themes-0-name": "Learning to talk about race",
        "themes-0-description": "Conversations leaders find hard.",
        "themes-0-position": "0",
        "themes-1-name": "Inclusive recruitment",
        "themes-1-position": "1",
        "key_dates-TOTAL_FORMS": "0",
        "key_dates-INITIAL_FORMS": "0",
        "key_dates-MIN_NUM_FORMS": "0",
        "key_dates-MAX_NUM_FORMS": "1000",
    }

    response = office.post(reverse("admin:mentoring_programme_add"), data)

    assert response.status_code == 302
    added = Programme.objects.get(slug="2027-28")
    assert added.status == ProgrammeStatus.DRAFT
    assert added.recruitment_open is False
    assert list(added.themes.values_list("name", flat=True)) == [
        "Learning to talk about race",
        "Inclusive recruitment",
    ]


def test_the_add_programme_page_opens_for_a_coordinator(office):
    response = office.get(reverse("admin:mentoring_programme_add"))
    assert response.status_code == 200
    assert "Line-manager agreement" in response.content.decode()


def test_the_change_page_says_each_answer_once_in_plain_labels(office, programme, priya):
    """No "?:" after a question, and no line manager at all for a programme that does not
    ask for their agreement (not "name: -", "email: -" and "Not needed" besides)."""
    assert not programme.line_manager_agreement

    page = office.get(change_url(priya)).content.decode()

    assert "Can you commit time to the programme?</label>" in page
    assert "?:" not in page
    for said in ("Line manager name", "Line manager email", ">Line manager<", "Not needed"):
        assert said not in page
    assert "line manager request</h2>" not in page.lower()  # no empty inline


def test_a_decisions_confirmation_asks_in_words(office, priya):
    page = office.post(CHANGELIST, {"action": "accept", "_selected_action": [priya.pk]})

    assert "<h1>Accept 1 application?</h1>" in page.content.decode()


def test_the_page_of_an_application_waiting_for_its_line_manager_says_so(office, programme):
    asked = line_manager_asked(programme, UserFactory(full_name="Lena Late"), "boss@example.org")

    page = office.get(change_url(asked.application)).content.decode()

    assert (
        "This application is <strong>waiting for the line manager&#x27;s agreement</strong>" in page
    )
    assert "Accept: not possible (the line manager has not agreed)" in page


def test_the_application_list_filters_those_waiting_for_their_line_manager(
    office, programme, priya
):
    asked = line_manager_asked(programme, UserFactory(full_name="Lena Late"), "boss@example.org")
    listed = office.get(CHANGELIST, {"line_manager": "waiting"}).content.decode()
    others = office.get(CHANGELIST, {"line_manager": "not_waiting"}).content.decode()

    assert asked.application.applicant.full_name in listed
    assert priya.applicant.full_name not in listed
    assert asked.application.applicant.full_name not in others
    assert priya.applicant.full_name in others


def test_the_list_gives_the_day_each_application_was_sent_in_the_programmes_zone(client, cast):
    application = cast.pair.mentor
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (summer time).
    MentorApplication.objects.filter(pk=application.pk).update(
        submitted_at=datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    )
    client.force_login(cast.coordinator)

    page = client.get(reverse("admin:mentoring_mentorapplication_changelist")).content.decode()

    row = page[page.index(application.applicant.full_name) :]
    assert '<td class="field-submitted_on">1 Jul 2026</td>' in row
    assert ">Submitted</a>" in page  # the column sorts by when it was sent
