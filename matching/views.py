"""The match board: plain function views under the admin site (MatchAdmin only routes to
them, which keeps their names in the admin's namespace, where emails link)."""

from django.contrib import messages
from django.contrib.admin import site
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import reverse

from accounts.bounds import posted_number
from accounts.buttons import button_only
from matching.export import matches_csv
from matching.scoring import as_sentence
from matching.selectors import MatchBoard, match_board
from matching.services import (
    assignment_propose,
    pair_propose,
    proposals_accept,
    proposals_discard,
    proposals_review,
    why_blocked,
)
from mentoring.models import BoardMember, Match, MentorApplication, Programme
from mentoring.selectors import NOT_SHOWN, paired_with
from mentoring.selectors.pairs import pair_recipients
from mentoring.services.matches import NO_LONGER_OPEN, MatchError

VIEW, CHANGE = "mentoring.view_match", "mentoring.change_match"


def programme_for(request, programme_id: int, permission: str = VIEW) -> Programme:
    """The published programme whose board this is, if the person may see (or change) it."""
    if not request.user.has_perm(permission):
        raise PermissionDenied
    return get_object_or_404(Programme.objects.published(), pk=programme_id)


def posted_id(request, name: str) -> int | None:
    """An id sent with the form; None when left out; 404 when it is not a number."""
    value = request.POST.get(name, "")
    if not value:
        return None
    number = posted_number(value)
    if number is None:
        raise Http404(f"No such {name}.")
    return number


def back_to(programme: Programme):
    return redirect("admin:matching_board", programme_id=programme.pk)


def board_index(request):
    if not request.user.has_perm(VIEW):
        raise PermissionDenied
    programmes = Programme.objects.active()
    if len(programmes) == 1:
        return back_to(programmes[0])
    context = {**site.each_context(request), "title": "Match board", "programmes": programmes}
    return TemplateResponse(request, "admin/matching/board_index.html", context)


def board_not_found(request, rest: str):
    raise Http404("No such page of the match board.")


def board(request, programme_id: int):
    programme = programme_for(request, programme_id)
    # An ended programme's board is kept to read: nobody is proposed or paired in it any
    # more (its active pairs go on until each is ended), so it offers no candidates
    # (`match_board`, by `off_the_board`), and names who was waiting for a mentor when it
    # closed (`left_unmatched`) instead.
    ended = programme.has_ended
    board = match_board(programme)
    paired_with_you = paired_with(request.user)
    blocks_in_words(board, paired_with_you)
    context = {
        **site.each_context(request),
        "title": f"Match board: {programme.name}",
        "board": board,
        "programme": programme,
        "ended": ended,
        "left_unmatched": board.left_unmatched,
        "can_change": request.user.has_perm(CHANGE) and not ended,
        # A mentor's declared conflict is an answer of their application: shown only to whom
        # may read applications (the office), not to someone who may only look at pairs.
        "can_read_applications": request.user.has_perm("mentoring.view_mentorapplication"),
        # Nor a mentor's or a board member's answers to whom was paired with them
        # (`partners_ever_of`), as their application or profile is not theirs to open: the
        # board still offers them, by name and score, and what the answers say is left out,
        # with no link to their place (one query).
        "paired_with_you": paired_with_you,
        "not_shown": NOT_SHOWN,
        "settings_url": reverse("admin:matching_matchingsettings_change", args=[board.settings.pk]),
    }
    return TemplateResponse(request, "admin/matching/board.html", context)


def blocks_in_words(board: MatchBoard, partners: frozenset[int]) -> None:
    """Why each blocked pair and proposal of the board may not be made, as its reader may
    read it (`why_blocked`: the reasons, or that they are not shown to them and why)."""
    for proposal in board.open_proposals:
        if proposal.blocks:
            match = proposal.match
            proposal.why = as_sentence(
                why_blocked(
                    match.mentor.applicant, match.board_member.user, proposal.blocks, partners
                )
            )
    for row in board.rows:
        for candidate in row.blocked:
            candidate.why = why_blocked(
                candidate.mentor.applicant, row.board_member.user, candidate.blocks, partners
            )


def _board(programme_id: int) -> str:
    return reverse("admin:matching_board", args=[programme_id])


@button_only(_board, "Propose")
def board_propose(request, programme_id: int):
    programme = programme_for(request, programme_id, CHANGE)
    mentor_id, member_id = posted_id(request, "mentor"), posted_id(request, "board_member")
    mentor = get_object_or_404(MentorApplication, pk=mentor_id or 0, programme=programme)
    member = get_object_or_404(BoardMember, pk=member_id or 0, programme=programme)
    try:
        pair_propose(mentor=mentor, board_member=member, proposed_by=request.user)
    except MatchError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Proposed: {mentor.applicant} with {member}.")
    return back_to(programme)


@button_only(_board, "Propose an optimal assignment")
def board_optimal(request, programme_id: int):
    """The assignment replaces the open proposals: when there are any, first a page naming
    each (`confirm_discard`), and on "Yes" only those it showed are replaced, so that one a
    colleague made since is never withdrawn unseen (`assignment_propose` says so instead)."""
    programme = programme_for(request, programme_id, CHANGE)
    confirmed = request.POST.get("confirmed") == "yes"
    if not confirmed and not programme.has_ended:
        replaced = open_proposals(Match.objects.filter(programme=programme))
        if replaced:
            return confirm_discard(
                request, replaced, back_url=_board(programme.pk), assignment=True
            )
    try:
        proposals = assignment_propose(
            programme=programme,
            proposed_by=request.user,
            replacing=posted_ids(request, "shown") if confirmed else set(),
        )
    except MatchError as error:
        messages.error(request, str(error))
        return back_to(programme)
    if not proposals:
        messages.warning(
            request,
            "Nobody could be proposed: no board member still to be matched can be paired "
            "with a mentor they share something with now. Nothing was changed.",
        )
        return back_to(programme)
    total = sum(match.score for match in proposals)
    messages.success(
        request,
        f"Optimal assignment proposed: {pairs_count(len(proposals))}, total score {total}. "
        "Accept them all, or one by one.",
    )
    return back_to(programme)


# What "Accept" or "Discard" on one proposal's row says when it was decided since the board
# was read: by a colleague, or by a second click.
THAT_ONE_NO_LONGER_OPEN = f"That proposal is {NO_LONGER_OPEN}: nothing was changed."


def chosen_proposals(request, programme: Programme) -> tuple[list[Match], int | None]:
    """The proposal sent with the form, or every open one of the programme when none is."""
    proposals = Match.objects.proposed().filter(programme=programme)
    match_id = posted_id(request, "match")
    if match_id is not None:
        proposals = proposals.filter(pk=match_id)
    return list(proposals), match_id


@button_only(_board, "Accept")
def board_accept(request, programme_id: int):
    """The one way to accept: one proposal (its id posted) or all of the programme's. First a
    page naming who will be emailed; only the proposals it showed are accepted on "Yes"."""
    programme = programme_for(request, programme_id, CHANGE)
    proposals, match_id = chosen_proposals(request, programme)
    if match_id is not None and not proposals:
        # A second click on the same button, or a proposal another coordinator handled.
        messages.warning(request, THAT_ONE_NO_LONGER_OPEN)
        return back_to(programme)
    if request.POST.get("confirmed") != "yes":
        return confirm_accept(
            request,
            proposals,
            back_url=reverse("admin:matching_board", args=[programme.pk]),
            hidden=[("match", match_id)] if match_id is not None else [],
        )
    shown = posted_ids(request, "shown")
    accepted = proposals_accept(
        matches=[match for match in proposals if match.pk in shown], by=request.user
    )
    report_accepted(request, accepted)
    return back_to(programme)


def posted_ids(request, name: str) -> set[int]:
    """The ids sent with the form under `name`; 404 when one is not a number."""
    numbers = [posted_number(value) for value in request.POST.getlist(name)]
    if None in numbers:
        raise Http404(f"No such {name}.")
    return set(numbers)


def pairs_count(count: int) -> str:
    return f"{count} pair{pluralize(count)}"


def confirm_accept(
    request, proposals: list[Match], *, back_url: str, hidden, unchanged=(), **action
):
    """Who accepting these proposals will email, before anything is sent: only those that
    can be accepted now (`proposals_review`), which go back as "shown"; the others are
    listed with why not, after `unchanged` (anything else chosen, as {name, note}).
    `hidden` and `action` carry back what the route needs."""
    proposals = list(
        Match.objects.filter(pk__in=[match.pk for match in proposals])
        .select_related("mentor__applicant", "board_member__user")
        .order_by("board_member__user__full_name", "pk")
    )
    review = proposals_review(matches=proposals, reader=request.user)
    why_not = {
        **{match.pk: f"left as a proposal: {why}" for match, why in review.refused},
        **{match.pk: why for match, why in review.made_stale},
    }
    recipients = pair_recipients(review.acceptable)
    count = pairs_count(len(review.acceptable))
    context = {
        **site.each_context(request),
        "title": f"Confirm {count} and email both people?"
        if review.acceptable
        else "None of these proposals can be accepted now"
        if proposals
        else "There are no open proposals to accept",
        "intro": f"{count.capitalize()} will be confirmed, and both people in each are "
        "emailed an introduction to the other at once. Emails cannot be unsent. A proposal "
        "that can no longer be accepted when you confirm is left as it is, and you are told "
        "why.",
        "recipients": recipients,
        "unchanged": [
            *unchanged,
            *({"name": str(m), "note": why_not[m.pk]} for m in proposals if m.pk in why_not),
        ],
        "unchanged_heading": "Not accepted, nobody emailed",
        "also": [{"name": str(m), "note": why} for m, why in review.withdrawn_besides],
        "also_heading": "Other proposals withdrawn, nobody emailed",
        "hidden": [*hidden, *(("shown", match.pk) for match in review.acceptable)],
        "button": f"Yes, confirm {count} and email {len(recipients)} people",
        "back_url": back_url,
        "opts": Match._meta,
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
        **action,
    }
    return TemplateResponse(request, "admin/confirm_emails.html", context)


def pairs_named(matches: list[Match]) -> str:
    """The pairs by name, in the order the confirmation page lists them (by board member);
    each name has an "and" in it, so a semicolon goes between pairs."""
    ordered = sorted(matches, key=lambda match: (str(match.board_member), match.pk))
    return "; ".join(str(match) for match in ordered)


def report_accepted(request, outcome) -> None:
    if not (outcome.activated or outcome.withdrawn or outcome.problems):
        # Every proposal the page named was accepted or discarded since (another coordinator,
        # or an optimal assignment that replaced them): "Yes" must not land in silence.
        messages.warning(
            request,
            "Nothing was confirmed and nobody was emailed: the proposals that page named are "
            f"{NO_LONGER_OPEN}.",
        )
        return
    # Each message says what was done, whether anyone was emailed, and to which pairs.
    if activated := outcome.activated:
        messages.success(
            request,
            f"{pairs_count(len(activated))} confirmed and both people in "
            f"{pluralize(len(activated), 'it,each')} emailed an introduction: "
            f"{pairs_named(activated)}.",
        )
    if withdrawn := outcome.withdrawn:
        messages.info(
            request,
            f"{len(withdrawn)} other proposal{pluralize(len(withdrawn))} withdrawn and nobody "
            f"emailed, as someone in {pluralize(len(withdrawn), 'it,each')} has just been "
            f"paired: {pairs_named(withdrawn)}.",
        )
    for problem in outcome.problems:
        messages.error(request, problem)


@button_only(_board, "Discard")
def board_discard(request, programme_id: int):
    """The one way to discard on the board: one proposal (its id posted, from its own row), or
    every open one ("Discard all proposals"), after a page naming each (`confirm_discard`)."""
    programme = programme_for(request, programme_id, CHANGE)
    if posted_id(request, "match") is None:
        proposals = open_proposals(Match.objects.filter(programme=programme))
        if request.POST.get("confirmed") == "yes":
            discard_shown(request, proposals)
        elif proposals:
            return confirm_discard(request, proposals, back_url=_board(programme.pk))
        else:
            messages.warning(request, "There are no open proposals: nothing was changed.")
        return back_to(programme)
    proposals, _ = chosen_proposals(request, programme)
    # None left when a colleague accepted or discarded it since the board was read; 0 when they
    # did so while this discard waited for it.
    if proposals and proposals_discard(matches=proposals, by=request.user):
        messages.success(request, "1 proposal discarded.")
    else:
        messages.warning(request, THAT_ONE_NO_LONGER_OPEN)
    return back_to(programme)


def open_proposals(matches) -> list[Match]:
    """The open proposals among `matches`, with their programme and both people, in the order
    the pages that discard them name them."""
    return list(
        matches.proposed()
        .select_related("programme", "mentor__applicant", "board_member__user")
        .order_by("programme__name", "mentor__applicant__full_name", "pk")
    )


def confirm_discard(
    request, proposals: list[Match], *, back_url: str, assignment=False, unchanged=(), **action
):
    """Before proposals are discarded (the list's action, the board's "Discard all
    proposals", or an optimal assignment replacing them, with `assignment`), a page naming
    each, which go back as "shown" (`discard_shown`); `unchanged` lists anything else chosen,
    as {name, note}. Nobody is emailed. `action` carries back what the route needs."""
    count = f"{len(proposals)} proposal{pluralize(len(proposals))}"
    if assignment:
        title = f"Discard {count} and propose an optimal assignment?"
        intro = (
            "Proposing an optimal assignment first discards each open proposal below, with its "
            "score and reasons, then proposes the pairs with the highest total score among "
            "everyone still to be matched (the same two people may be proposed again). Nobody "
            "is emailed. If nobody can be proposed, these proposals are kept."
        )
        button = f"Yes, discard {count} and propose"
    else:
        title = f"Discard {count}?" if proposals else "There are no open proposals to discard"
        intro = (
            "Each proposal below is taken off its match board, with its score and reasons. "
            "Nobody is emailed; the two people can be proposed again."
        )
        button = f"Yes, discard {count}"
    context = {
        **site.each_context(request),
        "title": title,
        "intro": intro,
        "changed": [{"name": str(match), "note": str(match.programme)} for match in proposals],
        "unchanged": list(unchanged),
        "hidden": [("shown", match.pk) for match in proposals],
        "button": button,
        "back_url": back_url,
        "opts": Match._meta,
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
        **action,
    }
    return TemplateResponse(request, "admin/confirm_changes.html", context)


def discard_shown(request, proposals: list[Match]) -> None:
    """ "Yes" on `confirm_discard`: of `proposals` (open now), only those the page showed are
    discarded. One made since it was shown is left and named; one it showed that was accepted
    or discarded meanwhile is left as it is, and counted."""
    shown = posted_ids(request, "shown")
    made_since = [match for match in proposals if match.pk not in shown]
    discarded = proposals_discard(
        matches=[match for match in proposals if match.pk in shown], by=request.user
    )
    gone = len(shown) - discarded
    if discarded:
        messages.success(request, f"{discarded} proposal{pluralize(discarded)} discarded.")
    if gone and not discarded:
        messages.warning(
            request,
            f"Nothing was discarded: the proposals that page named are {NO_LONGER_OPEN}.",
        )
    elif gone:
        messages.warning(
            request,
            f"{gone} other proposal{pluralize(gone)} that page named "
            f"{pluralize(gone, 'is,are')} {NO_LONGER_OPEN}: nothing was done to "
            f"{pluralize(gone, 'it,them')}.",
        )
    if made_since:
        messages.warning(
            request,
            f"Left as {pluralize(len(made_since), 'it was,they were')}, proposed since that page "
            f"was shown: {', '.join(str(match) for match in made_since)}.",
        )


def board_export(request, programme_id: int):
    programme = programme_for(request, programme_id)
    return matches_csv(
        Match.objects.filter(programme=programme).exclude(status="proposed"),
        f"matches-{programme.slug}.csv",
        reader=request.user,
    )
