"""The programme office's start page: the admin index opens on what needs attention in the
current programme (or another active one chosen: `?programme=`), each figure linking to the
admin list that shows the same people.

The programme office's admin site (config.admin_site) adds `start_page_context` to its index."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from accounts.bounds import posted_number
from accounts.models import OutboxMessage, OutboxStatus
from mentoring.admin.pairs import health_queryset, state_of_row
from mentoring.cadence import PairState
from mentoring.links import office_list_url
from mentoring.models import ApplicationStatus, Match, MatchStatus, Programme, ProgrammeStatus
from mentoring.models.programmes import chosen_programme
from mentoring.reminders import reminders_failing_shown
from mentoring.selectors.attention import (
    LINE_MANAGER_WAIT,
    attention_for,
    left_in_closed_programmes,
)


@dataclass(frozen=True)
class Item:
    label: str
    count: int
    url: str


def _pair_states(programme: Programme, reader) -> dict[PairState, int]:
    """Programme health's rule (state_of_row), over the programme's active pairs: one query."""
    today = timezone.localdate()
    states = dict.fromkeys(PairState, 0)
    for row in health_queryset(Match.objects.filter(programme=programme), reader=reader):
        states[state_of_row(row, today)] += 1
    return states


def attention_items(request, programme: Programme) -> list[Item]:
    """The figures this person may follow (each needs view permission on its list)."""
    user = request.user
    figures = attention_for(programme, reader=user)
    p = programme.pk
    items = []
    if user.has_perm("mentoring.view_mentorapplication"):
        submitted = {"programme__id__exact": p, "status__exact": ApplicationStatus.SUBMITTED}
        items.append(
            Item(
                "Applications to decide",
                figures.applications_to_decide,
                office_list_url(
                    "mentoring.mentorapplication", **submitted, line_manager="not_waiting"
                ),
            )
        )
        if programme.line_manager_agreement:
            items.append(
                Item(
                    "Applications waiting for the line manager's agreement",
                    figures.applications_waiting_for_line_manager,
                    office_list_url(
                        "mentoring.mentorapplication", **submitted, line_manager="waiting"
                    ),
                )
            )
        items.append(
            Item(
                "Accepted mentors not yet briefed",
                figures.mentors_to_brief,
                office_list_url(
                    "mentoring.mentorapplication",
                    programme__id__exact=p,
                    status__exact=ApplicationStatus.ACCEPTED,
                    briefed="no",
                    in_pair="no",
                ),
            )
        )
    if programme.line_manager_agreement and user.has_perm("mentoring.view_linemanagerrequest"):
        items.append(
            Item(
                f"Line-manager agreements waiting over {LINE_MANAGER_WAIT.days} days",
                figures.line_managers_waiting,
                office_list_url(
                    "mentoring.linemanagerrequest",
                    application__programme__id__exact=p,
                    waiting="long",
                ),
            )
        )
    if user.has_perm("mentoring.view_boardmember"):
        items.append(
            Item(
                "Board members not yet briefed",
                figures.board_members_to_brief,
                office_list_url(
                    "mentoring.boardmember",
                    programme__id__exact=p,
                    joined="yes",
                    briefed="no",
                    in_pair="no",
                ),
            )
        )
    if user.has_perm("mentoring.view_match"):
        items.append(
            Item(
                "Board members waiting for a mentor",
                figures.board_members_waiting_for_a_mentor,
                # The match board (matching, linked by its name): they are matched there.
                reverse("admin:matching_board", args=[p]),
            )
        )
        items.append(
            Item(
                "Proposed pairs waiting for a decision",
                figures.proposals_waiting,
                office_list_url(
                    "mentoring.match", programme__id__exact=p, status__exact=MatchStatus.PROPOSED
                ),
            )
        )
    if user.has_perm("mentoring.view_pairrequest"):
        items.append(
            Item(
                "Requests from pair members waiting for a decision",
                figures.requests_waiting,
                office_list_url("mentoring.pairrequest", match__programme__id__exact=p, open="yes"),
            )
        )
    if user.has_perm("mentoring.view_pairhealth"):
        states = _pair_states(programme, user)
        items += [
            Item(
                f"Pairs {state.label.lower()}",
                states[state],
                office_list_url("mentoring.pairhealth", programme__id__exact=p, state=state.value),
            )
            for state in (PairState.OVERDUE, PairState.DORMANT)
        ]
    if user.has_perm("accounts.view_outboxmessage"):
        items.append(
            Item(
                "Emails that could not be sent",
                OutboxMessage.objects.filter(status=OutboxStatus.FAILED).count(),
                office_list_url("accounts.outboxmessage", state=OutboxStatus.FAILED),
            )
        )
    return items


def start_page_context(request) -> dict:
    if not request.user.has_perm("mentoring.view_programme"):
        return {}
    # The current programme (the newest active) unless another active one is chosen: the
    # pilot still running beside the next cohort has items of its own to see.
    # One no longer running (or never) shows the current one.
    running = list(Programme.objects.newest_active())
    current = chosen_programme(running, None)
    programme = chosen_programme(running, posted_number(request.GET.get("programme"))) or current
    left = left_in_closed_programmes(reader=request.user)
    return {
        "start_programme": programme,
        "start_current": current,
        "start_others": [each for each in running if each != programme],
        "start_items": attention_items(request, programme) if programme else [],
        "start_programmes_url": office_list_url("mentoring.programme"),
        # Pairs left active in a closed programme (nobody reminds them), and requests from
        # pair members there waiting for a decision (no running programme's figure counts
        # them), whether or not another programme runs now: closing the pilot and opening
        # the next cohort is the usual order.
        "start_pairs_left": left.pairs,
        "start_pairs_url": office_list_url(
            "mentoring.match",
            status__exact=MatchStatus.ACTIVE,
            programme__status__exact=ProgrammeStatus.CLOSED,
        ),
        "start_requests_left": (
            left.requests if request.user.has_perm("mentoring.view_pairrequest") else 0
        ),
        "start_requests_url": office_list_url(
            "mentoring.pairrequest",
            open="yes",
            match__programme__status__exact=ProgrammeStatus.CLOSED,
        ),
        "start_reminders_failing": (
            reminders_failing_shown()
            if request.user.has_perm("accounts.view_outboxmessage")
            else []
        ),
    }
