"""Where a mentor's application stands, drawn in Python: `{% application_next_steps %}`,
`{% application_badge application stage %}` and `{% line_manager_status application stage %}`
give the markup their included templates drew through the template engine, which spent some
800 Python calls on one application card of the dashboard (each stage compared in turn, each
variable read through two or three attributes, each included template 200 or more). The
rarer sentences kept in their own templates (a briefing's status, a pair that ended, an
ended programme) are still rendered from them, so each is written once.

Each piece writes what its template wrote, escaped as the template escaped it; only the
whitespace between its elements differs (a browser reads any run of it as one space)."""

from django import template
from django.utils.safestring import SafeString

from accounts.escaping import escaped
from mentoring import links
from mentoring.templatetags.next_steps import pair_next_step, says_a_time
from mentoring.templatetags.pair_page import ended_still_paired, joined, mail_to
from mentoring.templatetags.time_zone import times_are_in_zone

register = template.Library()

# The badge's words where the stage says more than the status (mentoring.stages).
_BADGES = {
    "line_manager": "Waiting for your line manager",
    "line_manager_declined": "Your line manager did not agree",
    "ineligible": "Criteria not met",
    "paired": "Accepted and paired",
    "pair_ended": "Accepted; pairing ended",
}


@register.simple_tag
def application_badge(application, stage: str) -> SafeString:
    """Where an application stands, in a word or three: its status, made finer where the
    stage says more (mentoring.stages.application_stage)."""
    label = _BADGES.get(stage) or application.get_status_display()
    return SafeString(f'<span class="badge text-bg-secondary fs-6">{escaped(label)}</span>')


@register.simple_tag
def line_manager_status(application, stage: str) -> SafeString:
    """The line manager's answer, once given and not already said by the next steps
    (waiting, declined)."""
    if not application.programme.line_manager_agreement or stage in (
        "line_manager",
        "line_manager_declined",
    ):
        return SafeString("")
    # None for an application whose line manager was never asked (the relation answers
    # with an AttributeError, which the template took for nothing to say).
    request = getattr(application, "line_manager_request", None)
    if not request:
        return SafeString("")
    return SafeString(
        f"<p>Line manager ({escaped(request.email)}): "
        f"<strong>{escaped(application.line_manager_status)}</strong></p>"
    )


@register.simple_tag(takes_context=True)
def application_next_steps(context, pair_card_above: bool = False) -> SafeString:
    """Where the application stands, in one sentence, and what to do next. Reads from the
    context `application`, `stage` (mentoring.stages.application_stage),
    `refusal` (for a draft /apply/ would refuse to send: `mentoring.access.drafts_refused`),
    `briefing` (mentoring.stages.mentor_briefing: whether they are briefed and the briefing
    for them, when a briefing is theirs to attend; otherwise empty; said here, once, through
    briefing_status.html) and, when paired, `pair` (a PairView). Each state says one
    "Next:": taking a briefing place (`briefing.register_next`) when that is it, or asking
    the programme office for a date when there is no briefing to take
    (`briefing.ask_for_a_date`). With
    `pair_card_above` (the dashboard, whose pair card says where the pair stands), a paired
    mentor is only told they are paired; without it, `pairs`
    (mentoring.stages.mentor_pairs_for) gives the next step with each board member they
    mentor. Once the pair has ended, `place_elsewhere` (mentoring.stages.after_pair_ended)
    is where includes/pair_ended_next.html points them next."""
    draw = (_STAGES_BELOW_PAIR_CARDS if pair_card_above else _STAGES).get(context.get("stage"))
    if draw is None:
        return SafeString("")
    return joined(*draw(context, context["application"]))


def _included(context, name: str, **values) -> str:
    """An included template, as `{% include name with values %}` renders it."""
    with context.push(**values):
        return context.template.engine.get_template(name).render(context)


def _briefing_status(context) -> str:
    """briefing_status.html for the context's `briefing`, which decides whether asking the
    programme office for a date is left to the stage's "Next:" (`ask_for_a_date`:
    `_asking_for_a_date`)."""
    briefing = context.get("briefing")
    if not briefing:
        return ""
    return _included(
        context,
        "mentoring/includes/briefing_status.html",
        briefed=briefing["briefed"],
        next_briefing=briefing["next"],
        ask_for_a_date=briefing["ask_for_a_date"],
        called_off_briefing=briefing["called_off"],
    )


def _register_next(context) -> bool:
    briefing = context.get("briefing")
    return bool(briefing and briefing["register_next"])


def _ask_for_a_date(context) -> bool:
    briefing = context.get("briefing")
    return bool(briefing and briefing["ask_for_a_date"])


def _asking_for_a_date(application) -> str:
    """The "Next:" of someone still to be briefed with no briefing to take (none scheduled
    for them, or only full ones), which briefing_status.html has told them to ask about."""
    return (
        "Next: ask the programme office about a briefing date, at "
        f"{mail_to(application.programme.contact_email)}."
    )


def _draft(context, application):
    programme = application.programme
    yield (
        '<p class="mb-1"><strong>Your application is a draft: nothing has been sent '
        "yet.</strong></p>"
    )
    if programme.is_recruiting:
        said = "Next: finish your answers and submit them."
    elif programme.has_ended:
        said = f"{escaped(programme.name)} has ended, so this draft can no longer be sent."
    else:
        said = "Recruitment is closed just now; your draft is kept until it opens again."
    link = "Read your draft" if programme.has_ended else "Continue your application"
    yield (f'<p>{said}\n<a href="{escaped(links.apply_url(programme))}">{link}</a></p>')


def _draft_refused(context, application):
    yield (
        '<p class="mb-1"><strong>Your application is a draft: nothing has been sent '
        "yet.</strong></p>"
    )
    yield _included(
        context,
        "mentoring/includes/draft_refused.html",
        programme=application.programme,
        refusal=context["refusal"],
    )


def _considered_when_ended(application):
    # Nobody is reviewed or matched in it any more: nothing to chase (as not_paired.html says).
    yield (
        f'<p class="mb-1"><strong>{escaped(application.programme.name)} ended while '
        "your application to it was still being considered.</strong></p>"
    )
    yield "<p>There is nothing you need to do: the programme office will let you know by email.</p>"


def _line_manager(context, application):
    if application.programme.has_ended:
        yield from _considered_when_ended(application)
        return
    request = application.line_manager_request
    email = escaped(request.email)
    yield (
        '<p class="mb-1"><strong>Your application is in, and we are waiting for your line '
        "manager to agree.</strong></p>"
    )
    if request.undelivered:
        yield (
            f"<p>Our email to {email} was not delivered: the address may be mistyped. Write to "
            f"the programme office at {mail_to(application.programme.contact_email)} with the "
            "right one; they correct it and send it again. They review your application once "
            "your line manager has answered.</p>"
        )
    elif request.unanswerable_because:
        # An address of theirs now, or one in quotation marks (`unanswerable_because`).
        whose = (
            "which is now an address on your account"
            if request.applicants_own
            else "an address with quotation marks in it that may reach your own mailbox"
        )
        yield (
            f"<p>Our email went to {email}, {whose}, so no answer through it can count as "
            "your line manager's. Write to the programme office at "
            f"{mail_to(application.programme.contact_email)} with your line manager's own "
            "address; they send the request again. They review your application once your "
            "line manager has answered.</p>"
        )
    else:
        we = "We" if _register_next(context) else "Next: we"
        yield (
            f"<p>{we} have emailed {email}; you may like to tell them to look out for it. The "
            "programme office reviews your application once they have answered.</p>"
        )
    yield _briefing_status(context)


def _line_manager_declined(context, application):
    yield (
        '<p class="mb-1"><strong>Your line manager did not agree to you taking part this '
        "time, so your application cannot go any further.</strong></p>"
    )
    yield (
        "<p>There is nothing you need to do: the briefings are not for you this time, and any "
        "briefing place you had booked has been given back. The programme office will be in "
        "touch by email; if you would like to talk it through, or your circumstances change, "
        f"write to them at {mail_to(application.programme.contact_email)}.</p>"
    )


def _ineligible(context, application):
    yield (
        '<p class="mb-1"><strong>From your answers, you do not meet the criteria for a reverse '
        "mentor this time.</strong></p>"
    )
    yield (
        "<p>Your application explains why. There is nothing more you need to do; the programme "
        "office will confirm by email. Thank you for wanting to take part.</p>"
    )


def _submitted(context, application):
    if application.programme.has_ended:
        yield from _considered_when_ended(application)
        return
    yield (
        '<p class="mb-1"><strong>Your application is with the programme office, who will let '
        "you know by email.</strong></p>"
    )
    yield _briefing_status(context)
    if _ask_for_a_date(context):
        yield f"<p>{_asking_for_a_date(application)}</p>"
    elif not _register_next(context):
        yield "<p>Next: nothing for now.</p>"


def _paired_said(context, application):
    """That they are paired, alone: where a pair card above says where the pair stands and
    links to it (the dashboard)."""
    yield (
        f'<p class="mb-1"><strong>You are a reverse mentor in {escaped(application.programme.name)}'
        ", and you have been paired.</strong></p>"
    )


def _paired(context, application):
    yield from _paired_said(context, application)
    programme = application.programme
    if programme.has_ended:
        yield ended_still_paired(programme)
    pairs = context.get("pairs") or ()
    for pair in pairs:
        yield pair_next_step(pair, zone=False)
    if any(says_a_time(pair) for pair in pairs):
        yield times_are_in_zone()  # once, for every pair's times


def _pair_ended(context, application):
    line = _included(context, "mentoring/includes/pair_ended_line.html")
    yield f'<p class="mb-1"><strong>{line}</strong></p>'
    yield f"<p>{_included(context, 'mentoring/includes/pair_ended_next.html')}</p>"


def _accepted(context, application):
    programme = application.programme
    name = escaped(programme.name)
    if programme.has_ended:
        yield (
            f'<p class="mb-1"><strong>You were a reverse mentor in {name}, which has '
            "ended.</strong></p>"
        )
        said = _included(context, "mentoring/includes/ended_unpaired.html", programme=programme)
        yield f"<p>{said}</p>"
        return
    briefing = context.get("briefing")
    yield (
        f'<p class="mb-1"><strong>Welcome aboard. You are a reverse mentor in {name}.</strong></p>'
    )
    yield _briefing_status(context)
    if _register_next(context):
        yield (
            "<p>After the briefings, the programme office will match you with a board member "
            "and introduce you both.</p>"
        )
    elif _ask_for_a_date(context):
        yield (
            f"<p>{_asking_for_a_date(application)} After the briefings, the programme office "
            "will match you with a board member and introduce you both.</p>"
        )
    elif _registered_to_come(briefing):
        yield (
            "<p>Next: come to your briefing. After the briefings, the programme office will "
            "match you with a board member and introduce you both.</p>"
        )
    else:
        after = "" if briefing and briefing["briefed"] else " after the briefings"
        yield (
            "<p>Next: nothing for now; the programme office will match you with a board "
            f"member{after} and introduce you both.</p>"
        )


def _registered_to_come(briefing) -> bool:
    """Not briefed yet, with a place at a briefing still to come (briefing_status.html says
    which): coming to it is their next step."""
    coming = briefing["next"] if briefing and not briefing["briefed"] else None
    return coming is not None and coming.my_status == "registered" and not coming.has_started


def _waitlisted(context, application):
    programme = application.programme
    yield '<p class="mb-1"><strong>You are on the waiting list.</strong></p>'
    # Once the programme has ended no briefing is theirs (mentor_briefing): none is said.
    yield _briefing_status(context)
    if programme.has_ended:
        yield (
            f"<p>{escaped(programme.name)} has ended, so no place will come up in "
            "it. Thank you for applying.</p>"
        )
    else:
        nothing = "" if _register_next(context) else "Next: nothing for now. "
        if _ask_for_a_date(context):
            nothing = f"{_asking_for_a_date(application)} "
        yield (
            f"<p>{nothing}If a place comes up in this cohort, the programme office will be in "
            "touch.</p>"
        )


def _declined(context, application):
    yield (
        '<p class="mb-1"><strong>The programme office could not offer you a place this '
        "time.</strong></p>"
    )
    yield "<p>Thank you for applying; we hope you will consider a later cohort.</p>"


def _withdrawn(context, application):
    yield '<p class="mb-1"><strong>You withdrew this application.</strong></p>'
    if not application.programme.has_ended:
        yield (
            "<p>If you would like to take part after all, write to the programme office at "
            f"{mail_to(application.programme.contact_email)}.</p>"
        )


_STAGES = {
    "draft": _draft,
    "draft_refused": _draft_refused,
    "line_manager": _line_manager,
    "line_manager_declined": _line_manager_declined,
    "ineligible": _ineligible,
    "submitted": _submitted,
    "paired": _paired,
    "pair_ended": _pair_ended,
    "accepted": _accepted,
    "waitlisted": _waitlisted,
    "declined": _declined,
    "withdrawn": _withdrawn,
}
# Below the pair cards (the dashboard), which say where each pair stands.
_STAGES_BELOW_PAIR_CARDS = {**_STAGES, "paired": _paired_said}
