"""A current pair on the schedule (`/meetings/`), drawn in Python: `{% schedule_card pair %}`
gives, to the byte, the markup mentoring/schedule.html drew for each pair through the
template engine (some 1,500 Python calls a pair besides its meetings' lines). Its whitespace
too is the template's, line by line, so that the page reads the same whatever draws it.

`pair` is a PairView of `pairs_for(summary=True, actions=False)`: each pair's meetings and
where it stands, nothing else of the pair page's."""

from django import template
from django.utils.safestring import SafeString

from accounts.escaping import escaped
from mentoring.links import url_with_id
from mentoring.models import MeetingStatus
from mentoring.moments import local_dates
from mentoring.templatetags.meetings import late_note, meeting_lines, moved_note
from mentoring.templatetags.next_steps import rules_first
from mentoring.templatetags.pair_page import called_off, ended_still_paired, pair_status
from mentoring.templatetags.time_zone import times_are_in_zone

register = template.Library()


@register.simple_tag
def schedule_zone(current) -> SafeString:
    """The line naming the zone of the page's times (`times_are_in_zone`), where it shows
    one: every meeting of a current pair is on its card (`schedule_card`: next, to log, to
    come, called off or earlier). With none ("Nothing booked."), or no pair, no zone."""
    return times_are_in_zone() if any(pair.meetings for pair in current) else SafeString("")


@register.simple_tag
def schedule_card(pair) -> SafeString:
    """The pair's meetings: where it stands, those to log, those to come, those called off,
    the calls to propose one, and those past."""
    match, partner = pair.match, pair.partner
    full_name = escaped(partner.full_name)
    # As on the pair page: the partner sees none of the meetings proposed to them here.
    told = (
        f'<p class="alert alert-warning my-2">{escaped(pair.partner_not_told)}</p>'
        if pair.partner_not_told
        else ""
    )
    ended = ended_still_paired(match.programme) if match.programme.has_ended else ""
    propose = ""  # not to a partner who cannot answer (`told`)
    if pair.may_propose:
        plan = ""  # not once no date is left to plan (`may_plan`): past the programme's end
        if pair.may_plan:
            plan = (
                '\n            <a class="btn btn-outline-primary btn-sm" '
                f'href="{escaped(url_with_id("pair_plan", match.pk))}">Plan the year'
                f'<span class="visually-hidden"> with {full_name}</span></a>'
            )
        propose = (
            '\n          <p><a class="btn btn-primary btn-sm" '
            f'href="{escaped(url_with_id("meeting_new", match.pk))}">Propose a meeting'
            f'<span class="visually-hidden"> with {full_name}</span></a>{plan}</p>\n'
            "        "
        )
    past = ""
    if pair.past:
        items = "".join(f"<li>{line}</li>" for line in meeting_lines(pair.past))
        past = (
            f'\n            <h3 class="h5 mt-3">Earlier</h3>\n            <ul>{items}</ul>\n'
            "          "
        )
    return SafeString(
        f'<section class="card mb-4" aria-labelledby="schedule-{match.pk}-heading">\n'
        '      <div class="card-body">\n'
        f'        <h2 id="schedule-{match.pk}-heading" class="h4">With {full_name}</h2>\n'
        f'        <p class="text-body-secondary">{escaped(match.programme.name)}</p>\n'
        f"        {pair_status(pair)}\n\n"
        "        \n"
        f"        {told}\n"
        f"        {ended}\n"
        f"        \n          {_to_log(pair)}\n        \n"
        f"        \n{_upcoming(pair)}\n        \n"
        f"        {called_off(pair)}\n\n"
        "        \n"
        f"        {propose}\n"
        f"        \n          {past}\n        \n"
        "      </div>\n"
        "    </section>"
    )


def _to_log(pair) -> str:
    """Meetings whose time has come, to log: the link only once both agreed the ground
    rules (`both_agreed_any`), and until then, why not."""
    to_log = pair.to_log
    if not to_log:
        return ""
    day = local_dates("j F")
    items = []
    for meeting, line in zip(to_log, meeting_lines(to_log), strict=True):
        log = ""
        if pair.both_agreed_any:
            log = (
                '<a class="btn btn-primary btn-sm ms-2" '
                f'href="{escaped(url_with_id("meeting_log", meeting.pk))}">Log this meeting'
                f'<span class="visually-hidden"> of {day(meeting.starts_at)}</span></a>'
            )
        items.append(
            f'\n                <li class="mb-1">{line}\n                  {log}\n'
            "                </li>\n              "
        )
    rules = ""
    if not pair.both_agreed_any:
        them = "it" if len(to_log) == 1 else "them"
        rules = f'<p class="small">You can log {them} {rules_first(pair)}.</p>'
    return (
        '\n            <h3 class="h5 mt-3">To log</h3>\n'
        "            <ul>\n"
        f"              {''.join(items)}\n"
        "            </ul>\n"
        f"            {rules}\n          "
    )


def _upcoming(pair) -> str:
    """The meetings to come besides the next one (said in where the pair stands), each
    proposal with whom it waits for."""
    heading = "Also coming up" if pair.next_meeting else "Coming up"
    upcoming = pair.upcoming_listed
    if not upcoming:
        nothing = "Nothing else booked." if pair.next_meeting else "Nothing booked."
        listed = f"\n            <p>{nothing}</p>\n          "
    else:
        items = "".join(
            f'\n                <li class="mb-1">{line}\n                  \n'
            f"                  {_waiting(pair, meeting)}{moved_note(meeting)}"
            f"{late_note(pair, meeting)}\n"
            "                </li>\n              "
            for meeting, line in zip(upcoming, meeting_lines(upcoming, pair=pair), strict=True)
        )
        not_accepting = ""
        if pair.awaiting_me and not pair.may_accept:
            not_accepting = (
                f"<p>{escaped(pair.not_accepting_said)} You can decline a proposed time from its "
                "page.</p>"
            )
        listed = (
            f"\n            <ul>\n              {items}\n            </ul>\n"
            f"            {not_accepting}\n          "
        )
    return f'          <h3 class="h5 mt-3">{heading}</h3>\n          {listed}'


def _waiting(pair, meeting) -> str:
    """Whom a proposal waits for: "from you" (or, where the person may not accept it, whom
    it is by), or "from" the partner, who is never said to be waited for where they cannot
    answer (`partner_not_told`)."""
    if meeting.status != MeetingStatus.PROPOSED:
        return ""
    if meeting.proposed_by_id != pair.me.pk:
        said = "from you" if pair.may_accept else f"by {escaped(pair.partner_short_name)}"
        return f'<span class="small">{said}</span>'
    if not pair.partner_not_told:
        return f'<span class="small">from {escaped(pair.partner.get_short_name())}</span>'
    return ""
