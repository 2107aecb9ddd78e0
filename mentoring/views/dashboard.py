from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from mentoring.access import drafts_refused, why_cannot_apply
from mentoring.navigation import facts_for, panels, parts_kept
from mentoring.selectors import (
    applications_listed,
    current_programme,
    participations,
    places_elsewhere,
)
from mentoring.selectors.pairs import pairs_for
from mentoring.stages import (
    application_stage,
    briefing_chosen,
    briefings_seen,
    ended_last,
    mentor_briefing,
    mentor_pair,
)


@login_required
def dashboard(request):
    if facts_for(request.user)["coordinator"]:
        # Their dashboard is the programme office's card alone (dashboard.html): nothing of
        # their own is read for it.
        return render(request, "mentoring/dashboard.html")
    applications = applications_listed(request.user)
    # A board member anywhere, a programme not yet published included (whose membership is
    # no card here): never invited to apply, as /apply/ and the navigation never do.
    member_anywhere = parts_kept(request.user)["board_member"]
    parts = participations(request.user, applications=applications, board_member=member_anywhere)
    # A briefing is shown only for a part still to be briefed (includes/briefing_status.html):
    # none is read (or its query built) for someone briefed in every part, as everyone in a
    # pair is.
    to_brief = [part for part in parts if not part.is_briefed]
    briefings = briefings_seen(request.user, to_brief) if to_brief else []
    current = current_programme(
        request,
        among=[application.programme for application in applications]
        + [part.programme for part in parts if part.board_member],
    )
    applied_to_current = current is not None and any(
        application.programme_id == current.pk for application in applications
    )
    # On the current programme's board at another address of theirs: /apply/ refuses them,
    # so the page says why instead of inviting them. Asked (`why_cannot_apply`) only when
    # their kept facts say there is such a place there.
    refusal = (
        why_cannot_apply(request.user, current, shown_only=True)
        if current is not None and facts_for(request.user)["board_place_at_own_mailbox_here"]
        else None
    )
    at_another_address = refusal if refusal and refusal.addresses else None
    # Drafts /apply/ would refuse to send: each card says why instead of leading there.
    refused = drafts_refused(request.user, applications)
    if current is not None and any(
        refused[pk].addresses and application.programme_id == current.pk
        for application in applications
        if (pk := application.pk) in refused
    ):
        at_another_address = None  # the draft's card says it, once
    board_memberships = []
    for part in parts:
        if part.board_member:
            board_memberships.append(
                {"member": part.board_member, **briefing_chosen(part, briefings)}
            )
    every_pair = pairs_for(request.user, summary=True, history=False)
    pairs = [pair for pair in every_pair if not pair.ended]
    matched_programmes = {pair.match.programme_id for pair in pairs}
    # A board member's pair that ended, in a programme where they are in no pair now.
    ended_pairs = {}
    for pair in every_pair:
        if pair.ended and not pair.i_mentor and pair.match.programme_id not in matched_programmes:
            ended_pairs.setdefault(pair.match.programme_id, []).append(pair)
    ended_pairs = {programme: ended_last(pairs) for programme, pairs in ended_pairs.items()}
    for entry in board_memberships:
        entry["ended_pair"] = ended_pairs.get(entry["member"].programme_id)
        entry["says"] = _member_card_says(
            entry["member"], matched_programmes, ended_pair=entry["ended_pair"]
        )
    cards = []
    for application in applications:
        pair = mentor_pair(application, every_pair)
        stage = application_stage(application, pair=pair, refused=application.pk in refused)
        cards.append(
            {
                "application": application,
                "stage": stage,
                "refusal": refused.get(application.pk),
                "pair": pair,
                "ended_pair": pair if stage == "pair_ended" else None,
                "briefing": mentor_briefing(application, stage, briefings=briefings),
            }
        )
    _point_ended_pairs_on(request.user, [*board_memberships, *cards])
    return render(
        request,
        "mentoring/dashboard.html",
        {
            "pairs": pairs,
            # The page names the time zone once, at its top (dashboard.html): the briefings
            # on its cards (includes/briefing_status.html) do not say it again.
            "zone_named": True,
            "panels": _panels(request.user),
            "applications": cards,
            "board_memberships": board_memberships,
            "member_anywhere": member_anywhere,
            # /apply/ shows no application to a board member of its programme
            # (mentoring.access.why_cannot_apply): no link to it is offered.
            "member_programmes": {entry["member"].programme_id for entry in board_memberships},
            "current_programme": current,
            "on_board_at_another_address": at_another_address,
            "invite_to_apply": (
                current is not None
                and current.is_recruiting
                and not applied_to_current
                and not member_anywhere
                and at_another_address is None
            ),
        },
    )


def _member_card_says(member, matched_programmes: set[int], *, ended_pair) -> str | None:
    """What a board member's card says (mentoring/dashboard.html), decided here once for the
    card and for the line naming the zone of the page's times (`dashboard_zone`), which
    shows it where the card shows a briefing's time: "paired" (the pair's own card, above,
    says where it stands), "pair_ended" (`ended_pair`, theirs that ended, in a programme
    where they are in no pair now), "programme_ended" (it ended before they were paired) or
    "briefing" (whether briefed, and the briefing for them). None: no card at all, over and
    still paired (the pair's card says both)."""
    programme = member.programme
    if member.programme_id in matched_programmes:
        return None if programme.has_ended else "paired"
    if ended_pair is not None:
        return "pair_ended"
    if programme.has_ended:
        return "programme_ended"
    return "briefing"


def _point_ended_pairs_on(user, cards: list[dict]) -> None:
    """Where each card's pair that ended (its `ended_pair`, a PairView, or None) points for
    what happens next (includes/pair_ended_next.html): the person's place in a later
    programme still running, once the pair's own offers them nothing more, set as the
    card's `place_elsewhere` (`places_elsewhere`: one query for every card, read only when
    a card has such a pair)."""
    ended = [card["ended_pair"].match for card in cards if card["ended_pair"] is not None]
    places = places_elsewhere(user, after=ended) if ended else {}
    for card in cards:
        pair = card["ended_pair"]
        card["place_elsewhere"] = places[pair.match.pk] if pair is not None else None


def _panels(user) -> list[dict]:
    """Other apps' cards (mentoring.navigation.register_fact), for those whose kept facts
    say they may have something to show: evaluation's surveys open for them."""
    facts = facts_for(user)
    shown = []
    for fact, (template, read) in panels.items():
        panel = read(user) if facts[fact] else None
        if panel is not None:
            shown.append({"template": template, **panel})
    return shown
