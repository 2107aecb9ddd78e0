"""A current pair on its page, drawn in Python: `{% pair_card pair %}` gives the markup
mentoring/pair_home.html drew through the template engine, which spent some 4,900 Python
calls on one pair (a variable read through three attributes costs 40 to 100, an included
template 200 or more): over a third of `/match/`. The pieces other pages share (where the
pair stands, an action step's owner and due date, the meetings called off, when the pair's
notes are deleted, that the programme has ended, an address to write to) are drawn here too,
once: the dashboard and the application's next steps call them, and so do the included
templates of the pages still drawn by the template engine.

Each piece writes what its template wrote, escaped as the template escaped it; only the
whitespace between its elements differs (a browser reads any run of it as one space)."""

from django import template
from django.template.defaultfilters import linebreaks_filter, pluralize
from django.template.defaulttags import CsrfTokenNode
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from accounts.escaping import escaped
from mentoring.cadence import PairState
from mentoring.links import fixed_url, url_with_id
from mentoring.moments import local_date
from mentoring.templatetags.markdown import markdown
from mentoring.templatetags.meetings import (
    booked_before_the_move,
    late_note,
    meeting_line,
    meeting_lines,
    moved_note,
)
from mentoring.templatetags.time_zone import times_are_in_zone

register = template.Library()

_CSRF = CsrfTokenNode()


def joined(*lines: str) -> SafeString:
    """Pieces of markup a line each, those with nothing to say left out: how the pieces drawn
    here and on the pages that share them (next steps, the dashboard) lay out their lines."""
    return SafeString("\n".join(line for line in lines if line))


def ended_still_paired(programme) -> str:
    """That the pair's programme has ended, in a paragraph of its own: the sentence
    mentoring/includes/ended_still_paired.html says on every page that says it."""
    said = render_to_string("mentoring/includes/ended_still_paired.html", {"programme": programme})
    return f'<p class="mb-1">{said}</p>'


def mail_to(email: str) -> SafeString:
    """An email address, written out and linked to write to it."""
    email = escaped(email)
    return SafeString(f'<a href="mailto:{email}">{email}</a>')


@register.simple_tag
def pair_page_zone(current, past) -> SafeString:
    """The line naming the zone of the page's times (`times_are_in_zone`), where it shows
    one: every meeting of a current pair is on its card (`pair_card`: next, waiting for an
    answer, to come, to log, called off or past), and an earlier pair's meetings on record
    (`PairView.on_record`) are listed under it (mentoring/pair_home.html). A page with no
    meeting on it (someone unpaired, a pair that has not met) says no zone."""
    shown = any(pair.meetings for pair in current) or any(pair.on_record for pair in past)
    return times_are_in_zone() if shown else SafeString("")


@register.simple_tag(takes_context=True)
def pair_card(context, pair) -> SafeString:
    """One current pair (a PairView of `pairs_for`), everything it needs next first. Its
    proposals waiting for the person's answer carry `overlaps` and `may_move` (the view
    sets them)."""
    match = pair.match
    csrf = _CSRF.render(context)
    return joined(
        f'<section class="card mb-4" aria-labelledby="pair-{match.pk}-heading">',
        '<div class="card-body">',
        _partner(pair),
        pair_status(pair),
        f'<p class="alert alert-warning my-2">{escaped(pair.partner_not_told)}</p>'
        if pair.partner_not_told
        else "",
        ended_still_paired(match.programme) if match.programme.has_ended else "",
        _awaiting(pair, csrf),
        _to_log(pair),
        _meetings(pair),
        _rules(pair, csrf),
        _purpose(pair),
        _actions(pair),
        _past(pair),
        _office(pair),
        '<p class="mb-0 small text-body-secondary">Paired on '
        f"{local_date(match.activated_at)}.</p>",
        notes_retention(match),
        "</div>",
        "</section>",
    )


def _partner(pair) -> str:
    """What the partner chose to share: name, role, bio and themes. Never the application
    or profile answers."""
    match, partner, profile = pair.match, pair.partner, pair.partner_profile
    if pair.i_mentor:
        whose = "your board member"
        board = f", {escaped(profile.board)}" if profile.board else ""
        role = f"{escaped(profile.role_title)}{board}"
    else:
        whose = "your reverse mentor"
        department = f", {escaped(partner.department)}" if partner.department else ""
        role = f"{escaped(partner.job_title)}{department}"
    bio, themes, email = "", "", ""
    if profile.bio:
        bio = (
            '<blockquote class="border-start ps-3 text-break">'
            f"{linebreaks_filter(profile.bio, autoescape=True)}</blockquote>"
        )
    if pair.partner_themes:
        names = ", ".join(escaped(theme) for theme in pair.partner_themes)
        themes = f"<p>Themes they care about: {names}</p>"
    if match.is_active:
        email = f"<p>{mail_to(partner.email)}</p>"
    return joined(
        f'<p class="text-body-secondary mb-1">{escaped(match.programme.name)} · {whose}</p>',
        f'<h2 id="pair-{match.pk}-heading" class="h4">{escaped(partner.full_name)}</h2>',
        f'<p class="mb-2">{role}</p>',
        bio,
        themes,
        email,
    )


@register.simple_tag
def pair_status(pair) -> SafeString:
    """Where the pair stands: the next meeting (with `late_note`), or when it is due
    (`PairView.due_in_words`, as the pair's next step says it); while the person's request to
    end the pairing is with the office (`PairView.asked_to_end`), that, and no call to book a
    meeting; in a programme the office has closed, no window at all (each page says why with
    ended_still_paired.html), nor with a partner who cannot take part
    (`PairView.partner_can_take_part`: nothing can be proposed; each page says whom to write
    to, `partner_not_told`). The call to propose one is each page's own, once (a link or a
    button)."""
    asked = ""
    if pair.asked_to_end:
        asked = (
            '<p class="mb-1"><span class="badge text-bg-secondary">Ending requested</span> On '
            f"{local_date(pair.end_requested_at)} you asked the programme office to end the "
            "pairing. They will be in touch with you; your partner is not told. There is no "
            "need to book meetings meanwhile.</p>"
        )
    state, next_meeting = "", pair.next_meeting
    if next_meeting:
        state = (
            f'<p class="mb-1"><strong>Next meeting:</strong> {meeting_line(next_meeting)}</p>'
            f"{late_note(pair, next_meeting)}"
        )
    elif pair.partner_can_take_part and not (pair.asked_to_end or pair.match.programme.has_ended):
        which = "next" if pair.has_met else "first"
        due = f"Your {which} meeting {escaped(pair.due_in_words)}."
        if pair.state in (PairState.OVERDUE, PairState.DORMANT):
            due = f'<span class="badge text-bg-danger">Overdue</span> {due}'
        elif pair.state == PairState.DUE:
            due = f'<span class="badge text-bg-warning">Due</span> {due}'
        state = f'<p class="mb-1">{due}</p>'
    return joined(asked, state)


def _awaiting(pair, csrf: str) -> str:
    """The partner's proposals waiting for the person's answer, with "Accept" where they
    may accept them (`PairView.may_accept`); after asking to end the pairing, listed to drop
    from their pages, not to accept."""
    if not pair.awaiting_me:
        return ""
    short_name = escaped(pair.partner_short_name)
    if not pair.may_accept:
        items = "".join(
            f'<li class="mb-2">{line}{moved_note(meeting)}{late_note(pair, meeting)}</li>'
            for meeting, line in zip(
                pair.awaiting_me, meeting_lines(pair.awaiting_me, pair=pair), strict=True
            )
        )
        return joined(
            f'<h3 class="h5 mt-4">Proposed by {short_name}</h3>',
            f"<p>{escaped(pair.not_accepting_said)} You can decline a proposed time from its "
            "page.</p>",
            f'<ul class="list-unstyled">\n{items}\n</ul>',
        )
    told = (
        "not told: their account is switched off (above)"
        if pair.partner_not_told
        else "told by email"
    )
    told_id = f"accept-told-{pair.match.pk}"
    return joined(
        '<h3 class="h5 mt-4">Waiting for your answer</h3>',
        f'<p id="{told_id}">If you accept a time, {short_name} is {told}.</p>',
        '<ul class="list-unstyled">',
        *(_proposal(pair, meeting, csrf, told_id) for meeting in pair.awaiting_me),
        "</ul>",
    )


def _proposal(pair, meeting, csrf: str, told_id: str) -> str:
    """One proposal to answer: what it overlaps in the person's diary, said beside
    "Accept" (which names it), and "Suggest another time" (`Meeting.move_said`) where they
    may move it."""
    overlaps = [
        (f"overlap-{meeting.pk}-{number}", item)
        for number, item in enumerate(meeting.overlaps, start=1)
    ]
    said = "".join(
        f'<p class="alert alert-warning my-1" id="{overlap_id}">This time overlaps '
        f"{escaped(item.label)} ({local_date(item.starts_at, 'j F Y, H:i')}).</p>"
        for overlap_id, item in overlaps
    )
    described_by = "".join(f"{overlap_id} " for overlap_id, _ in overlaps) + told_id
    day = local_date(meeting.starts_at, "j F")
    move = ""
    if meeting.may_move:
        move = (
            f'<a class="btn btn-link btn-sm" href="{url_with_id("meeting_change", meeting.pk)}">'
            f'{meeting.move_said(pair.me)}<span class="visually-hidden"> for {day}</span></a>'
        )
    return joined(
        '<li class="mb-2">',
        f"{escaped(pair.partner.get_short_name())} proposed {meeting_line(meeting)}",
        moved_note(meeting),
        late_note(pair, meeting),
        said,
        f'<form method="post" action="{url_with_id("meeting_accept", meeting.pk)}" '
        'class="d-inline">',
        csrf,
        f'<input type="hidden" name="sequence" value="{escaped(meeting.sequence)}">',
        f'<button type="submit" class="btn btn-primary btn-sm" aria-describedby="'
        f'{described_by}">Accept<span class="visually-hidden"> the meeting on {day}</span>'
        "</button>",
        "</form>",
        move,
        "</li>",
    )


def _to_log(pair) -> str:
    """Meetings whose time has come, to log: the link only once both agreed the ground
    rules (`both_agreed_any`, the rule `meeting_log` keeps)."""
    if not pair.to_log:
        return ""
    items = []
    for meeting, line in zip(pair.to_log, meeting_lines(pair.to_log), strict=True):
        log = ""
        if pair.both_agreed_any:
            log = (
                '<a class="btn btn-primary btn-sm ms-2" '
                f'href="{url_with_id("meeting_log", meeting.pk)}">Log this meeting<span '
                f'class="visually-hidden"> of {local_date(meeting.starts_at, "j F")}</span></a>'
            )
        items.append(joined(f'<li class="mb-2">{line}', log, "</li>"))
    return joined('<h3 class="h5 mt-4">To log</h3>', '<ul class="list-unstyled">', *items, "</ul>")


def _meetings(pair) -> str:
    """The programme's rhythm, the meetings to come besides those said above, those called
    off, and the calls to propose one: not to a partner who cannot answer (said above,
    `partner_not_told`)."""
    match, programme = pair.match, pair.match.programme
    upcoming = ""
    if pair.upcoming_besides:
        also = "Also to come:" if pair.next_meeting or pair.awaiting_me else "To come:"
        items = "".join(
            f"<li>{line}{moved_note(meeting)}{late_note(pair, meeting)}</li>"
            for meeting, line in zip(
                pair.upcoming_besides, meeting_lines(pair.upcoming_besides), strict=True
            )
        )
        upcoming = f'<p class="mb-1">{also}</p>\n<ul>\n{items}\n</ul>'
    propose = ""
    if pair.may_propose:
        partner = escaped(pair.partner.full_name)
        plan = ""  # not once no date is left to plan (`may_plan`): past the programme's end
        if pair.may_plan:
            plan = (
                f'<a class="btn btn-outline-primary" href="{url_with_id("pair_plan", match.pk)}">'
                f'Plan the year<span class="visually-hidden"> with {partner}</span></a>'
            )
        propose = joined(
            f'<a class="btn btn-primary" href="{url_with_id("meeting_new", match.pk)}">Propose '
            f'a meeting<span class="visually-hidden"> with {partner}</span></a>',
            plan,
        )
    return joined(
        '<h3 class="h5 mt-4">Meetings</h3>',
        f"<p>About {escaped(programme.meeting_minutes)} minutes, every "
        f"{escaped(programme.gap_min_weeks)} to {escaped(programme.gap_max_weeks)} weeks.</p>",
        upcoming,
        called_off(pair),
        "<p>",
        propose,
        # The whole schedule, every pair's: the same link under each pair, so named alike.
        f'<a class="btn btn-link" href="{fixed_url("meetings")}">Your schedule</a>',
        "</p>",
    )


@register.simple_tag
def called_off(pair) -> SafeString:
    """The pair's meetings called off whose time is still to come, soonest first: neither
    to come nor past (`PairView.called_off`)."""
    if not pair.called_off:
        return SafeString("")
    items = "".join(
        f"<li>{line}{_booked_note(meeting)}</li>"
        for meeting, line in zip(pair.called_off, meeting_lines(pair.called_off), strict=True)
    )
    # Cancelled, declined or dropped, each with its badge: not all were booked to be
    # "called off", but none goes ahead.
    return SafeString(f'<p class="mb-1">Not going ahead:</p>\n<ul>{items}</ul>')


def _booked_note(meeting) -> str:
    """Of a booking moved and then called off (`Meeting.called_off_after_a_move`), the time
    it was booked for, which its line (the time it was moved to) does not say."""
    if not meeting.called_off_after_a_move:
        return ""
    booked = booked_before_the_move(meeting, "l j F Y, H:i")
    return f'<p class="small my-1">Booked for {booked}, then moved: neither time stands.</p>'


def _rules(pair, csrf: str) -> str:
    """The ground rules in force, and whether each of them agreed this version; "I agree"
    until the person has. With a partner who cannot take part
    (`PairView.partner_can_take_part`), nothing to agree together: only what was agreed."""
    match, short_name = pair.match, escaped(pair.partner.get_short_name())
    partner = escaped(pair.partner.full_name)
    created = f", {local_date(pair.rules.created_at)}" if pair.rules else ""
    together = pair.partner_can_take_part
    if pair.i_agreed_current:
        agreeing = (
            '<p class="mb-1"><span class="badge text-bg-success">Agreed</span> You agreed to '
            "this version.</p>"
        )
    elif not together:
        agreeing = ""
    else:
        first = "Both of you agree the ground rules before your first meeting is logged"
        if not pair.i_agreed_earlier:
            asked = f'<p class="mb-1">{first}.</p>'
        else:
            meanwhile = (
                "; you can still log meetings meanwhile" if pair.both_agreed_any else f". {first}"
            )
            asked = (
                '<p class="mb-1">The programme office has changed the ground rules since you '
                f"agreed. Read this version and agree again{meanwhile}.</p>"
            )
        # 0: the project default, shown as version 1 before anyone has agreed or published.
        version = pair.rules.version if pair.rules else 0
        agreeing = joined(
            asked,
            f'<form method="post" action="{url_with_id("pair_rules_agree", match.pk)}">',
            csrf,
            f'<input type="hidden" name="version" value="{escaped(version)}">',
            '<button type="submit" class="btn btn-primary btn-sm">I agree to these ground '
            f'rules<span class="visually-hidden"> with {partner}</span></button>',
            "</form>",
        )
    partner_agreed = (
        f'<p class="mt-2">{short_name} has agreed to this version.</p>'
        if pair.partner_agreed_current
        else f'<p class="mt-2">{short_name} has not agreed to this version yet.</p>'
        if together
        else ""
    )
    return joined(
        f'<h3 class="h5 mt-4" id="rules-{match.pk}">Ground rules</h3>',
        f'<div class="border rounded p-3 mb-2">{markdown(pair.rules_text)}</div>',
        f'<p class="small text-body-secondary">Version {escaped(pair.rules_version)}{created}.</p>',
        agreeing,
        partner_agreed,
    )


def _purpose(pair) -> str:
    """The shared purpose and who changed it last; not asked for where the dashboard does
    not ask for it (`PairView.to_set_up`: not of someone who asked to end the pairing, nor
    with a partner who cannot sign in); not offered to edit with a partner who cannot take
    part (`PairView.partner_can_take_part`: the purpose page refuses it)."""
    match = pair.match
    edit = url_with_id("pair_purpose", match.pk)
    # Someone in two pairs meets these links once per pair: each says with whom.
    partner = f'<span class="visually-hidden"> with {escaped(pair.partner.full_name)}</span>'
    if match.purpose:
        if match.purpose_updated_by_id == pair.me.pk:
            by = "you"
        else:
            by = escaped(getattr(match.purpose_updated_by, "full_name", ""))
        said = joined(
            '<div class="border-start ps-3 mb-2">'
            f"{linebreaks_filter(match.purpose, autoescape=True)}</div>",
            f'<p class="small text-body-secondary">Last changed by {by} on '
            f"{local_date(match.purpose_updated_at)}.</p>",
            f'<p><a href="{edit}">Edit your shared purpose{partner}</a></p>'
            if pair.partner_can_take_part
            else "",
        )
    elif "purpose" not in pair.to_set_up:
        said = "<p>You have not written a shared purpose together.</p>"
    else:
        said = (
            "<p>Write down together what the board member wants to understand and what the "
            f'mentor wants heard. <a href="{edit}">Write your shared purpose{partner}</a></p>'
        )
    return joined('<h3 class="h5 mt-4">Your shared purpose</h3>', said)


def _actions(pair) -> str:
    """The pair's action steps still open, each with its owner, due date and status."""
    heading = '<h3 class="h5 mt-4">Open action steps</h3>'
    if not pair.open_actions:
        return joined(
            heading,
            "<p>None. Action steps you agree at a meeting are listed here until you review "
            "them.</p>",
        )
    items = (
        f'<li>{escaped(action.text)} <span class="text-body-secondary">· '
        f"{action_owner(action, pair)} · {escaped(str(action.get_status_display()).lower())}"
        "</span></li>"
        for action in pair.open_actions
    )
    return joined(
        heading,
        "<ul>",
        *items,
        "</ul>",
        '<p class="small">They come up for review when you log your next meeting.</p>',
    )


@register.simple_tag
def action_owner(action, pair) -> SafeString:
    """Who owns an action step (you, or the partner by first name) and when it is due."""
    owner = "you" if action.owner == pair.side else escaped(pair.partner_short_name)
    return SafeString(f"{owner}{action_due(action)}")


def action_due(action) -> SafeString:
    """When an action step is due, and an Overdue badge once that day has gone with the
    step still to do (`ActionStep.is_overdue`)."""
    if not action.due_on:
        return SafeString("")
    overdue = ' <span class="badge text-bg-danger">Overdue</span>' if action.is_overdue else ""
    return SafeString(f" · due {local_date(action.due_on)}{overdue}")


def _past(pair) -> str:
    if not pair.past:
        return ""
    items = "".join(f"<li>{line}</li>" for line in meeting_lines(pair.past))
    return f'<h3 class="h5 mt-4">Past meetings</h3>\n<ul>{items}</ul>'


def end_declined(pair) -> str:
    """The office closed the person's request to end the pairing, the pairing going on
    (`PairView.end_declined_at`): the pair page's words, and the dashboard's and the programme
    page's while it is recent (`end_declined_lately`)."""
    return (
        f"On {local_date(pair.end_declined_at)} the programme office closed your request to "
        f"end your pairing with {escaped(pair.partner.full_name)}: the pairing goes on."
    )


def _office(pair) -> str:
    """Asking to end the pairing, or raising a concern, whichever the person has not done
    yet; a concern raised is said here (a request to end it, at the top), and a request to
    end it that the office closed with the pairing going on (`PairView.end_declined_at`)."""
    asked_to_end, raised_concern = pair.asked_to_end, pair.raised_concern
    ask = url_with_id("pair_request", pair.match.pk)
    # Someone in two pairs meets these links once per pair: each says which pairing.
    partner = escaped(pair.partner.full_name)
    end = (
        f'<a href="{ask}?kind=end">ask to end the pairing'
        f'<span class="visually-hidden"> with {partner}</span></a>'
    )
    concern = (
        f'<a href="{ask}?kind=concern">raise a concern privately with the programme office'
        f'<span class="visually-hidden"> about your pairing with {partner}</span></a>'
    )
    raised, offered = "", ""
    if pair.end_declined_at and not asked_to_end:
        # The office emails nobody when it decides so: said here, to the person who asked.
        office = escaped(pair.match.programme.contact_email)
        raised = (
            f"<p>{end_declined(pair)} To talk it over, write to them at "
            f'<a href="mailto:{office}">{office}</a>.</p>'
        )
    if raised_concern:
        raised += (
            f"<p>On {local_date(pair.concern_raised_at)} you raised a concern with the programme "
            "office. They will be in touch with you; your partner is not told.</p>"
        )
    if not asked_to_end and not raised_concern:
        offered = (
            f"<p>You can {end} without giving a reason, or {concern}. Your partner is not told "
            "what you said.</p>"
        )
    elif not asked_to_end:
        offered = (
            f"<p>You can also {end} without giving a reason; your partner is not told what you "
            "said.</p>"
        )
    elif not raised_concern:
        offered = f"<p>You can also {concern}; your partner is not told what you said.</p>"
    return joined('<h3 class="h5 mt-4">If something is not right</h3>', raised, offered)


@register.simple_tag
def notes_retention(match) -> SafeString:
    """When what the pair wrote is deleted (`Programme.notes_retention_days`). Once deleted,
    the period is not named: the office may have changed it, or emptied it, since."""
    days = match.programme.notes_retention_days
    period = f"{escaped(days)} day{pluralize(days)}"
    download = f'<a href="{fixed_url("personal_data_download")}">Download your data</a>'
    if match.notes_deleted_at:
        said = (
            "The notes, action steps and shared purpose of this pairing were deleted on "
            f"{local_date(match.notes_deleted_at)}, once the time the programme keeps them after a "
            "pairing ends had passed."
        )
    elif match.notes_deletion_due:
        said = (
            "The time the programme keeps the notes, action steps and shared purpose of a "
            f"pairing after it ends ({period}) has passed: this pairing's are deleted within a "
            f"day. {download} to keep a copy until then."
        )
    elif match.notes_delete_after and match.notes_delete_after == match.notes_kept_until:
        # The date its members were given, kept to when the period was shortened: emailed
        # anew (`notes_retention_shortened`), or the one they had, held to.
        said = (
            "The notes, action steps and shared purpose of this pairing will be deleted on "
            f"{local_date(match.notes_delete_after)}, the date you were given: the programme "
            f"now keeps them {period} after a pairing ends, but never deletes them sooner "
            f"than the date its members were told. {download} to keep a copy."
        )
    elif match.notes_delete_after:
        said = (
            "The notes, action steps and shared purpose of this pairing will be deleted on "
            f"{local_date(match.notes_delete_after)}, {period} after it ended. {download} to "
            "keep a copy."
        )
    elif days:
        said = (
            f"Notes, action steps and the shared purpose are deleted {period} after a pairing ends."
        )
    else:
        said = (
            "The programme keeps notes, action steps and the shared purpose after a pairing ends."
        )
    return SafeString(f'<p class="small text-body-secondary">\n{said}\n</p>')
