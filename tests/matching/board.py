"""Reading the match board as a coordinator does, and the people who appear on it.

briefed_mentor, briefed_board_member   people ready to be paired, with their themes and
                                       times (the fixtures of tests/matching/conftest.py)
board_url, propose, accept, optimal    the board's pages, its one-pair proposal, accepting,
                                       the optimal assignment
proposed_before_room_lowered           a mentor proposed with several board members, then
                                       left room for one (so confirming one makes the
                                       others stale)
MATCHES, accept_chosen                 the admin's list of pairs, and the page its "Accept
                                       the selected proposals" shows before anything is sent
board_rows, candidate_names,           what the board shows each board member still to
blocked_reasons, words                 be matched, as text a reader sees
proposals_section                      the board's section of open proposals, as markup
"""

import html
import re

from django.urls import reverse

from matching.models import MatchingSettings
from mentoring.availability import to_mask
from mentoring.models import Match
from tests.admin_pages import confirmed, messages_shown, words  # noqa: F401 (the board tests' own)
from tests.factories import BriefedBoardMemberFactory, MatchFactory, MentorFactory, UserFactory

MATCHES = reverse("admin:mentoring_match_changelist")
TUESDAY_MORNING = ("Tuesday", "morning")
THURSDAY_MORNING = ("Thursday", "morning")
FRIDAY_AFTERNOON = ("Friday", "afternoon")
FRIDAY_EVENING = ("Friday", "evening")


def briefed_mentor(programme, name, *, themes=("Anti-racism",), slots=(TUESDAY_MORNING,), **kw):
    """An accepted mentor who attended the mentor briefing."""
    first = name.split()[0].lower()
    kw.setdefault("department", "Finance")
    return MentorFactory(
        programme=programme,
        applicant=UserFactory(
            full_name=name,
            email=f"{first}@example.org",
            job_title=kw.pop("job_title", "Research technician"),
            department=kw["department"],
        ),
        themes=programme.themes.filter(name__in=themes),
        availability=to_mask(slots),
        **kw,
    )


def briefed_board_member(
    programme, name, *, themes=("Anti-racism",), slots=(TUESDAY_MORNING,), **kw
):
    """A board member who has joined, completed their profile and attended their briefing."""
    first = name.split()[0].lower()
    user = UserFactory(full_name=name, email=f"{first}@example.com", job_title="Provost")
    return BriefedBoardMemberFactory(
        programme=programme,
        user=user,
        email=user.email,
        themes=programme.themes.filter(name__in=themes),
        availability=to_mask(slots),
        **kw,
    )


def board_url(programme, action=""):
    name = f"admin:matching_board_{action}" if action else "admin:matching_board"
    return reverse(name, args=[programme.pk])


def accept(client, programme, match=None, **kw):
    """Accept on the board as a coordinator does: "Accept" (one proposal, or all without
    `match`), then "Yes" on the page naming who will be emailed. A click that is turned
    away before that page (a redirect) is returned as it is."""
    chosen = {"match": match.pk} if match is not None else {}
    page = client.post(board_url(programme, "accept"), chosen)
    if page.status_code != 200:
        return client.get(page.url, **kw) if kw.get("follow") else page
    return client.post(board_url(programme, "accept"), confirmed(page), **kw)


def optimal(client, programme, **kw):
    """ "Propose an optimal assignment" as a coordinator does, and "Yes" on the page naming
    the open proposals it replaces when there are any (with none, it proposes at once)."""
    page = client.post(board_url(programme, "optimal"))
    if page.status_code != 200:
        return client.get(page.url, **kw) if kw.get("follow") else page
    return client.post(board_url(programme, "optimal"), confirmed(page), **kw)


def board_rows(response) -> dict[str, dict]:
    """Each board member still to be matched, as the coordinator reads the board."""
    content = response.content.decode()
    rows = {}
    for article in re.findall(r'<article class="board-row".*?</article>', content, re.S):
        heading = re.search(r'<h3 id="member-\d+">(.*?)</h3>', article).group(1)
        candidates = re.findall(
            r'<th scope="row">(.*?)</th>\s*<td>(.*?)</td>\s*'
            r"<td>(\d+) out of 100</td>\s*<td>(.*?)</td>",
            article,
            re.S,
        )
        blocked = re.findall(
            r'<li class="blocked-pair">(.*?) \(score (\d+) out of 100\): (.*?)</li>', article, re.S
        )
        rows[html.unescape(heading).split(",")[0]] = {
            "heading": html.unescape(heading),
            "candidates": [
                (html.unescape(name), int(score), words(why)) for name, _, score, why in candidates
            ],
            "blocked": [
                (html.unescape(name), int(score), html.unescape(why))
                for name, score, why in blocked
            ],
            "text": words(article),
        }
    return rows


def candidate_names(response, member) -> list[str]:
    return [name for name, _, _ in board_rows(response)[str(member)]["candidates"]]


def blocked_reasons(response, member) -> dict[str, str]:
    return {name: why for name, _, why in board_rows(response)[str(member)]["blocked"]}


def propose(client, programme, mentor, member):
    return client.post(
        board_url(programme, "propose"),
        {"mentor": mentor.pk, "board_member": member.pk},
        follow=True,
    )


def pair_exists(mentor, member) -> bool:
    return Match.objects.filter(mentor=mentor, board_member=member).exists()


def proposed_before_room_lowered(mentor, *members) -> list[Match]:
    """`mentor` proposed with each of `members` while mentors had room for them all; the
    office has since lowered every mentor's room to one board member. A board member is
    proposed with one mentor at a time, so a mentor shared by several proposals is what
    lets confirming one make the others stale."""
    settings = MatchingSettings.for_programme(mentor.programme)
    settings.mentor_capacity = len(members)
    settings.save()
    proposals = [MatchFactory(mentor=mentor, board_member=member) for member in members]
    settings.mentor_capacity = 1
    settings.save()
    return proposals


def introductions(mailoutbox):
    """The emails sent, by the address each went to."""
    return {message.to[0]: message for message in mailoutbox}


def accept_chosen(client, *matches):
    """The page shown on choosing "Accept the selected proposals", before anything is sent."""
    return client.post(
        MATCHES, {"action": "accept_proposals", "_selected_action": [m.pk for m in matches]}
    )


def proposals_section(response) -> str:
    """The markup of the board's section of open proposals."""
    content = response.content.decode()
    return re.search(r'<section aria-labelledby="proposals-heading">.*?</section>', content, re.S)[
        0
    ]
