from django.shortcuts import redirect, render

from mentoring.access import programme_for_visitor, why_cannot_apply
from mentoring.selectors import application_to, current_programme
from mentoring.stages import (
    after_pair_ended,
    application_stage,
    member_standing,
    mentor_briefing,
    mentor_pairs_for,
)


def home(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    programme = current_programme(request)
    if programme is None:
        return render(request, "mentoring/no_programme.html")
    return programme_detail(request, programme.slug)


def programme_detail(request, slug):
    programme = programme_for_visitor(request.user, slug)
    return render(
        request,
        "mentoring/programme_detail.html",
        {"programme": programme, **_call_to_action(request.user, programme)},
    )


def _call_to_action(user, programme) -> dict:
    """What the page offers this person, so that nobody is shown an Apply button that would
    refuse them: `role` is "visitor" (signed out), "coordinator", "board member" (here),
    "board member at another address" (with `addresses`, those of its board places that are
    their own mailbox), "board member elsewhere", "applicant" (with their application and
    its stage) or "staff" (who may apply)."""
    if not user.is_authenticated:
        return {"role": "visitor"}
    refusal = why_cannot_apply(user, programme, shown_only=True)
    if refusal and refusal.reason == "board member":
        return {"role": refusal.reason, **member_standing(user, programme)}
    if refusal:
        return {"role": refusal.reason, "addresses": refusal.addresses}
    application = application_to(user, programme)
    if application is None:
        return {"role": "staff"}
    pairs = mentor_pairs_for(application, user)
    pair = pairs[0] if pairs else None
    stage = application_stage(application, pair=pair)
    return {
        "role": "applicant",
        "application": application,
        "stage": stage,
        "pair": pair,
        "pairs": pairs,
        "briefing": mentor_briefing(application, stage),
        "place_elsewhere": after_pair_ended(user, pair),
    }
