from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.http import HttpResponseRedirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import get_text_list

from accounts.admin_base import ModelAdmin, as_shown, named_with_shown
from accounts.models import User
from accounts.services import InvitationChanged, invitation_links_shown
from mentoring.admin.filters import BoardMemberInPairFilter, BriefedFilter, ChoicesReadOnce
from mentoring.admin.prebuilt import Prebuilt
from mentoring.availability import describe
from mentoring.forms.fields import AvailabilityField
from mentoring.forms.mentees import PROFILE_ANSWERS
from mentoring.links import office_list_url
from mentoring.models import Board, BoardMember
from mentoring.models.mentees import PROFILE_FIELDS, needs_a_theme
from mentoring.selectors import partners_ever_of_ids
from mentoring.services.mentees import (
    BoardMemberError,
    board_member_invitation_resend,
    board_member_invite,
    board_member_invite_problem,
    board_member_profile_save,
    board_member_remove,
    places_waiting_for,
    why_no_board_member_joins,
)


@admin.register(Board)
class BoardAdmin(ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]


# What the constraint of one place per address in a programme says, refusing one.
TAKEN = next(
    constraint.violation_error_message
    for constraint in BoardMember._meta.constraints
    if constraint.name == "board_member_one_per_email_per_programme"
)


class BoardMemberInviteForm(forms.ModelForm):
    """Adding a board member means inviting them: the service sends the email."""

    class Meta:
        model = BoardMember
        fields = ["programme", "email", "board", "role_title"]
        help_texts = {
            "email": "Their work address. After you confirm, they are emailed: without an "
            "account they get an invitation link to this programme; with one, they are added "
            "at once and told."
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("programme") and cleaned.get("email"):
            problem = board_member_invite_problem(
                programme=cleaned["programme"], email=cleaned["email"]
            )
            if problem:
                self.add_error("email", problem)
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        # Django checks the one-place-per-address constraint after `clean`: a place saved
        # between the two (the same "Yes" clicked twice, or a colleague at that moment) met
        # it there, refused beside no field in its bare words. Said as `clean` says it, as a
        # minute later: since when the address waits to join, and how to send a new link.
        refused = self._errors.get(NON_FIELD_ERRORS)
        if refused is None or TAKEN not in refused or self.has_error("email"):
            return
        del self._errors[NON_FIELD_ERRORS]
        problem = board_member_invite_problem(
            programme=self.cleaned_data["programme"], email=self.cleaned_data["email"]
        )
        self.add_error("email", problem or TAKEN)


class BoardMemberProfileAdminForm(forms.ModelForm):
    availability = AvailabilityField(label="Availability")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "themes" in self.fields:  # not on a read-only page (a deleted account's place)
            self.fields["themes"].queryset = self.instance.programme.themes.all()
            # Not required here (the office may save a profile in part, as any other answer),
            # but said, since a complete profile needs one (`profile_is_complete`).
            if needs_a_theme(self.instance):
                self.fields["themes"].help_text = (
                    f"{self.instance.programme} pairs only people who share a theme: with none "
                    "chosen, the profile is not complete, and they are asked to choose one."
                )

    class Meta:
        model = BoardMember
        fields = PROFILE_FIELDS


class ProfileCompleteFilter(admin.SimpleListFilter):
    title = "profile"
    parameter_name = "profile"

    def lookups(self, request, model_admin):
        return [("complete", "Complete"), ("incomplete", "Not complete")]

    def queryset(self, request, queryset):
        if self.value() == "complete":
            return queryset.filter(profile_completed_at__isnull=False)
        if self.value() == "incomplete":
            return queryset.filter(profile_completed_at__isnull=True)
        return queryset


class JoinedFilter(admin.SimpleListFilter):
    title = "account"
    parameter_name = "joined"

    def lookups(self, request, model_admin):
        return [("yes", "Joined"), ("no", "Invitation not yet accepted")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(user__isnull=False)
        if self.value() == "no":
            return queryset.filter(user__isnull=True)
        return queryset


def no_longer_complete_said(member: BoardMember) -> str:
    """What the office is told when its save leaves a board member's profile incomplete (an
    answer matching needs cleared), beside "changed successfully": what that changes for them.
    Matching reads only complete profiles: one who may yet be paired leaves the match board,
    and a proposal of theirs cannot be accepted (`matching.selectors.PROFILE_INCOMPLETE`).
    Every answer given, it was the themes cleared: the programme needs one
    (`profile_is_complete`), which the page does not mark as needed, so it is named."""
    said = f"{member}'s profile is no longer complete."
    if member.answers_complete():
        said = (
            f"{member}'s profile is no longer complete: it names no theme, and "
            f"{member.programme} pairs only people who share one."
        )
    if not BoardMember.objects.may_yet_be_paired().filter(pk=member.pk).exists():
        return f"{said} Nothing else changes for them: only matching needs a complete profile."
    mentors = [
        str(proposal.mentor.applicant)
        for proposal in member.matches.proposed()
        .select_related("mentor__applicant")
        .order_by("mentor__applicant__full_name")
    ]
    proposed = (
        f", and the proposed {pluralize(len(mentors), 'pairing,pairings')} with "
        f"{get_text_list(mentors, 'and')} cannot be accepted"
        if mentors
        else ""
    )
    return (
        f"{said} Until it is, they are off the match board{proposed}; their dashboard asks "
        "them to complete it."
    )


# Whether each board member is briefed (`with_briefed`), as every page of the list reads it:
# its subqueries' SQL worked out once per process (mentoring.admin.prebuilt).
_BRIEFED = Prebuilt(BoardMember.objects.with_briefed, "is_briefed")


@admin.register(BoardMember)
class BoardMemberAdmin(ModelAdmin):
    list_display = [
        "name",
        "email",
        "board",
        "role_title",
        "programme",
        "joined",
        "profile",
        "briefed",
    ]
    list_filter = [
        ("programme", ChoicesReadOnce),
        ("board", ChoicesReadOnce),
        JoinedFilter,
        ProfileCompleteFilter,
        BriefedFilter,
        BoardMemberInPairFilter,
    ]
    # The address they were invited at, and the one they sign in with now.
    search_fields = ["email", "user__email", "user__full_name", "role_title", "department"]
    list_select_related = ["user", "board"]
    list_prefetch_related = ["programme"]
    readonly_fields = [
        "user",
        "invited_at",
        "joined_at",
        "profile_completed_at",
        "availability_in_words",
    ]
    actions = ["resend_invitation"]
    delete_permission_reads = ("matches",)  # `is_removable`

    def get_queryset(self, request):
        # Never the places of someone the coordinator was paired with (`partners_ever_of`):
        # a mentor is shown only what their board member shares (name, role, bio, themes),
        # never the profile's other answers, as a board member never reads their mentor's
        # application. Their own place stays in the list.
        return (
            super()
            .get_queryset(request)
            .exclude(user__in=partners_ever_of_ids(request.user))
            .annotate(is_briefed=_BRIEFED.expression())
        )

    def has_change_permission(self, request, obj=None):
        """A deleted account's place is kept for the counts, anonymised: read-only."""
        if obj is not None and obj.user is not None and obj.user.is_deleted:
            return False
        return super().has_change_permission(request, obj)

    # --- removing one who never joined (board_member_remove), from their own page ---

    def has_delete_permission(self, request, obj=None):
        """Only a board member who may be removed (`BoardMember.is_removable`), one at a
        time."""
        if obj is not None and not obj.is_removable:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one at a time, from their page
        return actions

    def delete_model(self, request, obj):
        if not board_member_remove(member=obj, by=request.user):
            raise PermissionDenied("They joined, or were proposed a pair, meanwhile.")

    def add_view(self, request, form_url="", extra_context=None):
        """Adding a board member emails them, so a valid add form is shown back for
        confirmation first; only the confirmed POST goes on to save (and to the service)."""
        if request.method == "POST" and request.POST.get("confirmed") != "yes":
            if not self.has_add_permission(request):
                raise PermissionDenied
            form = self.get_form(request)(request.POST)
            if form.is_valid():
                return self.invite_confirmation(request, form)
        try:
            return super().add_view(request, form_url, extra_context)
        except BoardMemberError as error:
            # The address was added since the form was checked (the same "Yes" clicked
            # twice, or a colleague at the same moment); nothing was saved or sent. The
            # list, searched for the address, shows where it stands.
            self.message_user(request, str(error), messages.ERROR)
            email = User.objects.normalize_email(request.POST.get("email", "")).lower()
            return HttpResponseRedirect(office_list_url("mentoring.boardmember", q=email))

    def invite_confirmation(self, request, form):
        data = form.cleaned_data
        email = User.objects.normalize_email(data["email"]).lower()
        programme = data["programme"]
        has_account = User.objects.filter(email__iexact=email).exists()
        values = [
            (name, form.data.get(name, ""))
            for name in ("programme", "email", "board", "role_title")
        ]
        add_url = reverse("admin:mentoring_boardmember_add")
        # The address leads: it is who is emailed; the board and role say in what capacity.
        capacity = ", ".join(
            str(part) for part in (data["board"], data["role_title"], programme) if part
        )
        if has_account:
            title = f"Add {email} to {programme} as a board member?"
            intro = (
                f"{email} already has an account, so they are added to {programme} as a board "
                "member at once and told by email."
            )
            note = "added at once and told by email"
        else:
            title = f"Invite {email} to {programme} as a board member?"
            intro = (
                f"{email} has no account yet, so they will be emailed an invitation link to "
                f"{programme} as a board member."
            )
            note = "emailed an invitation link"
        return TemplateResponse(
            request,
            "admin/confirm_emails.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "intro": intro,
                "recipients": [{"name": email, "email": email, "detail": capacity, "note": note}],
                "button": "Yes, invite and email them",
                "back_url": f"{add_url}?{urlencode([(k, v) for k, v in values if v])}",
                "hidden": values,
                "opts": self.model._meta,
            },
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = BoardMemberProfileAdminForm if obj else BoardMemberInviteForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["programme", "email", "board", "role_title"]
        return [
            "programme",
            "email",
            "user",
            "invited_at",
            "joined_at",
            "board",
            "role_title",
            "department",
            "learning_goals",
            "themes",
            "learning_style",
            "interaction_approach",
            "availability",
            "availability_in_words",
            "bio",
            "profile_completed_at",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [*self.readonly_fields, "programme", "email"]

    def save_model(self, request, obj, form, change):
        if change:
            # Through the service, so that completeness follows the answers.
            was_complete = obj.is_profile_complete
            try:
                board_member_profile_save(
                    member=obj,
                    answers={name: form.cleaned_data[name] for name in PROFILE_ANSWERS},
                    themes=form.cleaned_data["themes"],
                )
            except BoardMemberError as error:  # deleted since the page was read
                raise PermissionDenied(str(error)) from None
            if was_complete and not obj.is_profile_complete:
                self.message_user(request, no_longer_complete_said(obj), messages.WARNING)
            return
        member = board_member_invite(
            programme=form.cleaned_data["programme"],
            email=form.cleaned_data["email"],
            invited_by=request.user,
            board=form.cleaned_data["board"],
            role_title=form.cleaned_data["role_title"],
        )
        obj.pk = member.pk
        # What the page after says, in place of Django's "was added successfully": who was
        # emailed what, as the confirmation said they would be.
        # A word first: the admin capitalises a message's first letter, not an address's.
        request.board_member_told = (
            f"Added {member.email} to {member.programme} as a board member and told them by email."
            if member.user_id
            else f"An invitation link to {member.programme} as a board member was emailed to "
            f"{member.email}. They show here as not joined until they accept it."
        )

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        told = getattr(request, "board_member_told", None)
        if told and level == messages.SUCCESS:
            message, request.board_member_told = told, None
        super().message_user(request, message, level, *args, **kwargs)

    @admin.display(description="Name", ordering="user__full_name")
    def name(self, obj):
        return obj.user.full_name if obj.user_id else "(not joined yet)"

    @admin.display(description="Joined", boolean=True)
    def joined(self, obj):
        return obj.has_joined

    @admin.display(description="Profile complete", boolean=True)
    def profile(self, obj):
        return obj.is_profile_complete

    @admin.display(description="Briefed", boolean=True, ordering="is_briefed")
    def briefed(self, obj):
        return obj.is_briefed

    @admin.display(description="Availability in words")
    def availability_in_words(self, obj):
        return describe(obj.availability) or "none given"

    @admin.action(
        description="Send a new invitation to those who have not joined…", permissions=["add"]
    )
    def resend_invitation(self, request, queryset):
        if request.POST.get("confirmed") != "yes":
            places = queryset.filter(user__isnull=True).select_related("programme")
            # One link per address covers every place waiting for it: each address once,
            # with the programmes it is invited to. A place whose programme takes nobody
            # new (closed) is left out, and says why.
            by_address: dict[str, list] = {}
            refused = []
            for member in places.order_by("pk"):
                why = why_no_board_member_joins(member.programme)
                if why:
                    refused.append({"name": member.email, "note": why})
                else:
                    by_address.setdefault(member.email.lower(), []).append(member)
            waiting = [members[0] for members in by_address.values()]
            # Each link as this page shows it: "Yes" sends only where it is still that one,
            # so a second click (or a colleague's) sends nothing more.
            shown = invitation_links_shown(m.email for m in waiting)
            # Every programme each new link joins, as its email says: the places ticked and
            # any other place waiting for the same address.
            joins = places_waiting_for(by_address)
            return TemplateResponse(
                request,
                "admin/confirm_emails.html",
                {
                    **self.admin_site.each_context(request),
                    "title": "Send new invitation links?",
                    "intro": "Each address below is sent a new invitation link, which joins "
                    "every programme listed beside it; the link it had stops working.",
                    "recipients": [
                        {
                            "name": members[0].email,
                            "email": members[0].email,
                            "note": joins[address],
                        }
                        for address, members in by_address.items()
                    ],
                    "unchanged": [
                        {"name": str(m.user), "note": "has already joined"}
                        for m in queryset.filter(user__isnull=False).select_related("user")
                    ]
                    + refused,
                    "hidden": as_shown(waiting, lambda m: shown[m.email.lower()]),
                    "button": f"Yes, send {len(waiting)} invitation{pluralize(len(waiting))}",
                    "back_url": reverse("admin:mentoring_boardmember_changelist"),
                    "queryset": queryset,
                    "action": "resend_invitation",
                    "opts": self.model._meta,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        sent, joined = 0, 0
        # Those the confirmation named, as they are now: one who joined since is counted, not
        # sent (the service says so, under its lock).
        chosen = queryset.select_related("programme").order_by("pk")
        for member, seen in named_with_shown(request, chosen):
            try:
                if board_member_invitation_resend(
                    member=member, invited_by=request.user, seen=seen
                ):
                    sent += 1
                else:
                    joined += 1
            except (InvitationChanged, BoardMemberError) as error:
                self.message_user(request, str(error), messages.ERROR)
        if sent:
            self.message_user(request, f"{sent} invitation{pluralize(sent)} sent again.")
        if joined:
            self.message_user(
                request,
                f"{joined} had joined meanwhile, so {'was' if joined == 1 else 'were'} not "
                "emailed.",
                messages.WARNING,
            )
