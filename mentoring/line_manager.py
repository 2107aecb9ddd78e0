"""Who may be named as an applicant's line manager (`line_manager_problem`: one rule, read
by the application form, the service that submits the application, the office's resending
and the reminders), where the office may send a request again (`resend_problem`: its
address box and the service), and which link of theirs takes no answer (`answer_refused`:
the answer page and its service)."""

from typing import TYPE_CHECKING

from django.conf import settings

from accounts import bounds
from accounts.models import User
from mentoring.approval import approves_own_application, mailbox

if TYPE_CHECKING:
    from mentoring.models import LineManagerRequest


def line_manager_problem(
    *,
    applicant: User,
    manager_email: str,
    to_office: bool = False,
) -> str | None:
    """Why this address cannot be the applicant's line manager, in words for the applicant
    (or, `to_office`, for the office correcting it); None when it can. The line manager is
    someone else (not one of the applicant's own addresses, nor a `+` alias of one:
    mentoring.approval) with an address of the organisation (ALLOWED_SIGNUP_DOMAINS, when
    set)."""
    manager_email = manager_email.strip().lower()
    if not manager_email:
        return None
    whose = "A line manager's" if to_office else "Your line manager's"
    if bounds.is_quoted_address(manager_email):
        # Every form refuses one (`bounds.QUOTED_ADDRESS`, beside its box); a draft or a
        # request kept from before may hold it, and whose mailbox it reaches
        # (mentoring.approval.mailbox) cannot be told. Said as it is sent, away from the
        # box, so naming whose address it is.
        return (
            f"{whose} address has quotation marks or a backslash in it: enter it as it is "
            "written in the staff directory (name@example.org)."
        )
    if approves_own_application(applicant=applicant, address=manager_email):
        if to_office:
            return (
                f"This is {applicant.full_name}'s own address (or an alias of it): give their "
                "line manager's."
            )
        return (
            "This is your own address. Please give your line manager's address (not yours "
            "or an alias of it), so that they can agree."
        )
    domains = [domain.lower() for domain in settings.ALLOWED_SIGNUP_DOMAINS]
    # No allowed domains means no self sign-up and no organisation to check against.
    if domains and manager_email.rsplit("@", 1)[-1] not in domains:
        ending = " or ".join(f"@{domain}" for domain in domains)
        return f"{whose} address must be a work address ending in {ending}."
    return None


def resend_problem(request: "LineManagerRequest", email: str) -> str | None:
    """Why the office cannot send `request` again to `email`, in words for it; None when it
    can: who may be named (`line_manager_problem`), and never the mailbox it went to once
    that became the applicant's own (`applicants_own`), even with the address removed from
    their account since: they held that mailbox. The address box of the office's "Send
    again" and the service that sends it ask it."""
    applicant = request.application.applicant
    if request.applicants_own and mailbox(email) == mailbox(request.email):
        return (
            f"The request went to {request.email}, which {applicant.full_name} has confirmed "
            "as their own address, so it cannot go there again: give their line manager's "
            "own address."
        )
    return line_manager_problem(applicant=applicant, manager_email=email, to_office=True)


def answer_refused(request: "LineManagerRequest") -> str | None:
    """Why the link of `request` takes no answer, if it does not
    (`LineManagerRequest.unanswerable_because`), in words for whoever opened it: what the
    answer page says before any form and the service refuses with."""
    because = request.unanswerable_because
    if because is None:
        return None
    return (
        f"No answer can be taken through this link: {because}, and an applicant cannot agree "
        "to their own application. Nothing has been recorded: the programme office can send "
        "the request again to the line manager's own address."
    )
