from allauth.account.utils import perform_login
from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_safe

from accounts.adapter import account_of
from accounts.forms import AccountDeleteForm, InvitationAcceptForm
from accounts.models import AuditEvent, Invitation
from accounts.refused import typed_in, typed_in_any_form
from accounts.services import (
    AccountDeleteChanged,
    AccountDeleteError,
    InvitationError,
    account_delete,
    account_delete_consequences,
    account_delete_emailed,
    account_delete_problem,
    account_delete_removes,
    emailed_shown,
    invitation_accept_existing_user,
    invitation_accept_new_user,
    user_data_export,
    what_the_account_may_not_take,
    why_the_link_joins_nothing,
)


@typed_in(InvitationAcceptForm)
@never_cache
@sensitive_post_parameters("password1", "password2")
def invitation_accept(request, token):
    invitation = Invitation.objects.for_token(token).first()
    if (
        invitation is not None
        and invitation.is_accepted
        and request.user.is_authenticated
        and invitation.accepted_by_id == request.user.pk
    ):
        # Their own link, followed again once they have joined: nothing to do.
        messages.info(request, "You have joined already: this is your dashboard.")
        return redirect("dashboard")
    if invitation is None or not invitation.is_pending:
        # Accepted: followed again signed out (another device, say), it only needs a sign-in.
        status = 404 if invitation is None else 200 if invitation.is_accepted else 410
        return render(
            request, "accounts/invitation_unusable.html", {"invitation": invitation}, status=status
        )
    # The account of its address, if any (its sign-in address, or one it confirmed): what
    # the page offers turns on it.
    owner = account_of(invitation.email)
    joins_nothing = why_the_link_joins_nothing(invitation, owner=owner)
    if joins_nothing:
        # Every place it was for was removed or its programme has ended: said before a
        # password is asked for, and nothing is made (the services refuse it too).
        return render(
            request,
            "accounts/invitation_unusable.html",
            {"invitation": invitation, "joins_nothing": joins_nothing},
            status=410,
        )

    if request.user.is_authenticated and request.user.email.lower() != invitation.email.lower():
        if owner == request.user:
            # Their own second address: signing out would only find it taken by the account
            # just signed out of. What helps is an invitation to the address they sign in with.
            return render(
                request,
                "accounts/invitation_unusable.html",
                {"invitation": invitation, "own_address": True},
            )
        # Someone else is signed in on this browser. The invitee's account must not mix
        # with theirs, but nobody is signed out without being asked.
        if request.method == "POST" and request.POST.get("switch") == "yes":
            logout(request)
            return redirect(request.path)
        return render(request, "accounts/invitation_switch.html", {"invitation": invitation})

    if owner is not None and owner.email.lower() == invitation.email.lower():
        return _accept_as_existing_user(request, invitation, owner)
    if owner is not None:
        # Another account's confirmed address, its alone: no account can be made with it
        # (the service checks again, for a race), and it is said before a password is asked.
        return render(
            request,
            "accounts/invitation_unusable.html",
            {"invitation": invitation, "another_accounts_address": True},
        )

    form = InvitationAcceptForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept_new_user(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except InvitationError as error:
            messages.error(request, str(error))
            return redirect(request.path)
        messages.success(request, "Welcome. Your account is ready.")
        request.welcomed = True  # so allauth's "Successfully signed in" is not said too
        return perform_login(request, user, redirect_url=reverse("dashboard"))
    return render(
        request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation}
    )


def _accept_as_existing_user(request, invitation, existing):
    signed_in_as_invitee = request.user.is_authenticated and request.user.pk == existing.pk
    # Said to them alone, before they press anything (joining is refused the same way): with
    # nothing left to take, no button.
    refused = what_the_account_may_not_take(existing) if signed_in_as_invitee else None
    takes_none = refused is not None and refused.every
    if request.method == "POST" and signed_in_as_invitee and not takes_none:
        try:
            invitation_accept_existing_user(invitation=invitation, user=request.user)
        except InvitationError as error:
            messages.error(request, str(error))
            return redirect(request.path)
        messages.success(request, "Invitation accepted.")
        return redirect("dashboard")
    return render(
        request,
        "accounts/invitation_existing.html",
        {
            "invitation": invitation,
            "signed_in_as_invitee": signed_in_as_invitee,
            "refused": refused.why if refused else None,
            "takes_none": takes_none,
        },
    )


@never_cache
@login_required
@require_safe
def personal_data_download(request):
    """The person's own data as a JSON file (accounts.services.user_data_export)."""
    response = JsonResponse(
        user_data_export(user=request.user),
        encoder=DjangoJSONEncoder,
        json_dumps_params={"indent": 2, "ensure_ascii": False},
    )
    filename = f"my-reverse-mentoring-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@typed_in(AccountDeleteForm)
@never_cache
@login_required
@sensitive_post_parameters("password")
def account_delete_view(request):
    """Says what deleting the account does, and does it once the password is given."""
    problem = account_delete_problem(user=request.user, by=request.user)
    # A session left open must not be a way to guess the password: past the limit, the
    # form says so and checks nothing.
    limited = (
        request.method == "POST"
        and problem is None
        and not ratelimit.consume(request, action="reauthenticate", user=request.user)
    )
    form = AccountDeleteForm(request.POST or None, user=request.user, limited=limited)
    if request.method == "POST" and problem is None and form.is_valid():
        try:
            # Only as the page said: nobody it did not name is emailed (a pair confirmed
            # since it was shown is not ended unseen). A form without it named nobody.
            account_delete(
                user=request.user,
                by=request.user,
                emailed_seen=request.POST.get("emailed_seen", ""),
            )
        except AccountDeleteChanged:
            form.add_error(
                None,
                "What deleting your account does has changed since this page was shown, "
                "so nothing was deleted and nobody was emailed. Read it again below, and "
                "give your password again if you still want to delete it.",
            )
        except AccountDeleteError as error:
            problem = str(error)
        else:
            logout(request)
            messages.success(request, "Your account has been deleted. Thank you for taking part.")
            return redirect("home")
    return render(
        request,
        "accounts/account_delete.html",
        {
            "form": form,
            "forms": [form],
            "problem": problem,
            "consequences": account_delete_consequences(user=request.user, by=request.user),
            "emailed_seen": emailed_shown(account_delete_emailed(user=request.user)),
            # The office's accountability: its trail names who made each change, deleted or not.
            "audit_keeps_name": AuditEvent.objects.filter(actor=request.user).exists(),
            "removes": account_delete_removes(user=request.user),
        },
    )


def _page_sent_from(request) -> str:
    """The page a form was sent from, to open again: the browser names it (the site's
    Referrer-Policy is same-origin). Never where the form was sent (it may answer only a
    form): where the browser names none, a page to start from."""
    back = request.headers.get("referer", "")
    if url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return reverse("admin:index" if request.path.startswith("/admin/") else "dashboard")


@never_cache
def csrf_failure(request, reason=""):
    """A form sent from a page that was out of date (signed in again in another tab, or left
    open too long): the site's own page, in plain words, with nothing inline, instead of
    Django's (`CSRF_FAILURE_VIEW`). Nothing was saved."""
    return render(request, "403_csrf.html", {"back": _page_sent_from(request)}, status=403)


@never_cache
def signed_out_not_saved(request, reason: str):
    """A form sent after its session was over (accounts.sessions.SessionTimeoutMiddleware
    has signed the person out, and says why: `reason`): nothing was saved. Its own page,
    not a redirect, so that it says so and shows back what was typed, to copy; then signing
    in again leads back to the page it was sent from. 403, as for a page out of date
    (`csrf_failure`): the person may no longer send it, and nothing of the page's changed."""
    page = {
        "reason": reason,
        "typed": typed_in_any_form(request.POST, request.path_info),
        "sign_in": redirect_to_login(_page_sent_from(request)).url,
    }
    return render(request, "accounts/signed_out_not_saved.html", page, status=403)
