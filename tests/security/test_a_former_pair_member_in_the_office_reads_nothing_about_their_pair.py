"""Last year's mentor or board member may join the programme office once their pair has
ended and its programme closed. Whatever page of the admin they open, and whatever list they
export, nothing confidential about their former partner or their pair reaches them: the
partner's application or profile answers (their department among them), the request or
concern the partner raised, and the office's note on the pair's ending. The walk goes
through every list the admin has, each row's page and history, each list's CSV export and
each programme's match board and its export, so a list added later is walked too. The rest
of the office, walking the same pages, reads every one of those strings: the walk reaches
them."""

import html

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from mentoring.models import BoardMember, EndReason, MentorApplication, PairRequestKind, Programme
from mentoring.services.matches import match_end
from mentoring.services.pairs import pair_request_raise
from tests.admin_pages import joins_the_office, takes_part_again, the_next_cohort
from tests.matching.board import briefed_board_member, briefed_mentor

pytestmark = pytest.mark.django_db

# Bola's, which Maya was never shown (she saw his name, role, bio and themes).
HIS_DEPARTMENT = "Quillbrook Estates Annexe"
HIS_GOALS = "Marker goals: how the Zephyrine committee hears dissent"
HIS_CONCERN = "Marker concern: Maya booked our meetings over the Velloran review"
# Maya's application, which a board member never reads.
HER_STATEMENT = (
    "Marker statement: my years in the Ostravel lab taught me how decisions made at the top "
    "land on people who have no say in them, and how rarely anyone asks them."
)
HER_REFLECTION = "Marker reflection: I hold back in the Brindlemoor forum"
HER_REQUEST = "Marker request: Bola cancels on me at the Tamsworth hour"
# The office's own, about their pair.
END_NOTE = "Marker end note: both spoke to Carmen about the Halvergate episode"

# Lists the walk must be let into for it to say anything.
LISTS = {
    reverse(f"admin:mentoring_{name}_changelist")
    for name in ("match", "boardmember", "mentorapplication", "pairrequest")
}

# The answers each of them gave, in the pilot and again in the later cohort.
ANSWERS = {
    "board_member": {"department": HIS_DEPARTMENT, "learning_goals": HIS_GOALS},
    "mentor": {"experience_statement": HER_STATEMENT, "qualities_reflection": HER_REFLECTION},
}

# What each of them, in the office, may never read.
NOT_FOR = {
    "mentor": [HIS_DEPARTMENT, HIS_GOALS, HIS_CONCERN, END_NOTE],
    "board_member": [HER_STATEMENT, HER_REFLECTION, HER_REQUEST, END_NOTE],
}


@pytest.fixture
def ended_with_a_later_cohort(cast):
    """Maya and Bola's pair, with what each wrote and raised, ended with the office's note on
    it; the pilot closed. A later cohort has a mentor and a board member to be matched."""
    BoardMember.objects.filter(pk=cast.pair.board_member.pk).update(**ANSWERS["board_member"])
    MentorApplication.objects.filter(pk=cast.pair.mentor.pk).update(**ANSWERS["mentor"])
    pair_request_raise(
        match=cast.pair, person=cast.board_member, kind=PairRequestKind.CONCERN, note=HIS_CONCERN
    )
    pair_request_raise(
        match=cast.pair, person=cast.mentor, kind=PairRequestKind.END, note=HER_REQUEST
    )
    match_end(match=cast.pair, reason=EndReason.WITHDRAWN, note=END_NOTE, by=cast.coordinator)
    later = the_next_cohort(cast, EndReason.WITHDRAWN)
    briefed_mentor(later, "Lena Library")
    briefed_board_member(later, "Grace Okafor")
    return later


def partner_joins_again(cast, later, side: str) -> None:
    """The partner of whoever joins the office (on `side` of the pair) takes part in the
    later cohort again, with the same answers: someone taking part may not join the office."""
    partner = "board_member" if side == "mentor" else "mentor"
    takes_part_again(later, cast, partner, **ANSWERS[partner])


def every_admin_page(client) -> tuple[dict[str, str], set[str]]:
    """What `client` reads, by address: every admin list, each row it lists (its page and
    its history), each list's CSV exports with every row chosen, and each programme's match
    board and its export. And the lists it was let into."""
    read: dict[str, str] = {}
    opened: set[str] = set()

    def get(url):
        read[url] = _text(client.get(url))

    get(reverse("admin:index"))
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        listed = client.get(changelist)
        read[changelist] = _text(listed)
        if listed.status_code != 200 or "cl" not in (listed.context or {}):
            continue
        opened.add(changelist)
        pks = list(listed.context["cl"].queryset.values_list("pk", flat=True))
        for pk in pks:
            for page in ("change", "history"):
                get(reverse(f"admin:{opts.app_label}_{opts.model_name}_{page}", args=[pk]))
        for action in model_admin.get_actions(listed.wsgi_request):
            if "export" in action or "csv" in action:
                chosen = {"action": action, "_selected_action": pks, "select_across": "1"}
                read[f"{changelist} {action}"] = _text(client.post(changelist, chosen))
    for programme in Programme.objects.all():
        get(reverse("admin:matching_board", args=[programme.pk]))
        get(reverse("admin:matching_board_export", args=[programme.pk]))
    return read, opened


def _text(response) -> str:
    if response.get("Content-Type", "").startswith("text/csv"):
        return response.content.decode("utf-8-sig")
    return html.unescape(response.content.decode())


def found(read: dict[str, str], strings: list[str]) -> dict[str, list[str]]:
    """Each of `strings` that was read, with where."""
    return {
        string: [url for url, text in read.items() if string in text]
        for string in strings
        if any(string in text for text in read.values())
    }


@pytest.mark.parametrize("side", ["mentor", "board_member"])
def test_a_former_pair_member_in_the_office_reads_nothing_about_their_pair_anywhere(
    client, cast, ended_with_a_later_cohort, side
):
    partner_joins_again(cast, ended_with_a_later_cohort, side)
    joins_the_office(client, cast.person(side))

    read, opened = every_admin_page(client)

    assert opened >= LISTS  # let into the office's lists, and walked them
    assert found(read, NOT_FOR[side]) == {}


def test_the_rest_of_the_office_reads_all_of_it_on_the_same_pages(cast, ended_with_a_later_cohort):
    office = Client()
    office.force_login(cast.coordinator)  # never in their pair; their authenticator set up

    read, _ = every_admin_page(office)

    everything = {*NOT_FOR["mentor"], *NOT_FOR["board_member"]}
    assert set(found(read, list(everything))) == everything
