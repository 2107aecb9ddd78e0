from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa import admin as allauth_mfa_admin
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import display_for_field
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    AdminUserCreationForm,
    UserChangeForm,
)
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models.constants import LOOKUP_SEP
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from accounts.admin_audit import AuditedAdminMixin, AuditTrailLinkMixin
from accounts.admin_base import (
    AddressIdMixin,
    DateDrillDownMixin,
    ModelAdmin,
    PlainWordsMixin,
    RecipientShownAdminMixin,
    RowCheckboxMixin,
    SavedObjectMixin,
    as_shown,
    left_as_they_were,
    named_with_shown,
    speaking_plainly,
)
from accounts.admin_readonly import (
    ReadOnlyAdminMixin,
    SeenAndRemovedOnlyAdminMixin,
    SuperuserOnlyAdminMixin,
)
from accounts.audit import Audited, audit_form_changes
from accounts.models import (
    COORDINATORS_GROUP,
    Invitation,
    OutboxMessage,
    OutboxStatus,
    User,
    kind_in_words,
)
from accounts.outbox import going_now, outbox_send_again
from accounts.recipients import shown_recipient, shown_subject, shown_subjects
from accounts.services import (
    AccountDeleteError,
    InvitationChanged,
    account_delete,
    account_delete_consequences_many,
    account_delete_emailed_many,
    account_delete_problem_many,
    coordinator_change_record,
    coordinator_grant_many,
    coordinator_revoke_many,
    emailed_shown,
    invitation_links_shown,
    invitation_resend,
    invitation_revoke,
    invited_to_now,
    sessions_end,
    why_not_coordinator,
    why_nothing_waits,
)


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class UserEditForm(UserChangeForm):
    # Whether the person was a coordinator as the save began, read under its locks
    # (`UserAdmin.save_model`): compared with what they are once saved (`save_related`).
    was_coordinator: bool | None = None

    class Meta:
        model = User
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each box sends, hidden beside it, what the page showed, and Django compares with
        # that: `changed_data` is what this person changed on the page. Compared with the
        # row as it is when the page is sent, a page opened before the account was switched
        # off, or before its person changed their title, would count those old values as
        # changes and put them back. (The password is shown, never edited here.)
        for field in self.fields.values():
            if not field.disabled:
                field.show_hidden_initial = True

    def clean(self):
        """What the page left as it showed it is taken as the row is now (`initial`, read as
        the page was sent), so the person saved is the row with this page's changes, and
        nothing older (`UserAdmin.save_model` and `save_related` write only those). The
        Coordinators group, or superuser status (a superuser counts as a coordinator), given
        on the person's page meets the rule the action "Make the selected people
        coordinators" meets: refused beside the box for someone who takes part in a
        programme (`why_not_coordinator`; checked again, locked, as the page saves)."""
        cleaned = super().clean()
        for name in self.fields:
            if name in cleaned and name not in self.changed_data:
                cleaned[name] = self.initial.get(name)
        person = self.instance
        if person.pk is None or person.is_coordinator:
            return cleaned
        groups = cleaned.get("groups") or []
        for field, gains in (
            ("groups", any(group.name == COORDINATORS_GROUP for group in groups)),
            ("is_superuser", bool(cleaned.get("is_superuser"))),
        ):
            if gains and (problem := why_not_coordinator(person)):
                self.add_error(field, problem)
        return cleaned


def _links_changed(form) -> list[str]:
    """The many-to-many fields (groups, permissions) `form`, a person's page, changed."""
    return [
        field.name
        for field in form.instance._meta.many_to_many
        if field.name in form.changed_data and field.name in form.cleaned_data
    ]


class CoordinatorFilter(admin.SimpleListFilter):
    title = "coordinator"
    parameter_name = "coordinator"

    def lookups(self, request, model_admin):
        return [("yes", "Coordinators"), ("no", "Everyone else")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(groups__name=COORDINATORS_GROUP)
        if self.value() == "no":
            return queryset.exclude(groups__name=COORDINATORS_GROUP)
        return queryset


@admin.register(User)
class UserAdmin(
    AuditTrailLinkMixin,
    PlainWordsMixin,
    AddressIdMixin,
    RowCheckboxMixin,
    SavedObjectMixin,
    DateDrillDownMixin,
    BaseUserAdmin,
):
    add_form = UserCreationForm
    form = UserEditForm
    # Made by Django's own view, not `get_form`: given the admin's words here.
    change_password_form = speaking_plainly(AdminPasswordChangeForm)
    ordering = ["full_name", "email"]
    list_display = ["email", "full_name", "job_title", "department", "is_staff", "is_active"]
    list_filter = [CoordinatorFilter, "is_staff", "is_active", "department", "deleted_at"]
    search_fields = ["email", "full_name", "job_title", "department"]
    actions = ["make_coordinator", "remove_coordinator", "delete_accounts"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name", "job_title", "department"]}),
        (
            "Access",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined", "deactivated_at", "deleted_at"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = ["last_login", "date_joined", "deactivated_at", "deleted_at"]
        if not request.user.is_superuser:
            # Coordinators may correct a name, title or department. Only a superuser hands
            # out access or touches what signs a person in: a coordinator who could set a
            # password or an email could sign in as a mentor and read their meeting notes.
            fields += [
                "email",
                "is_active",
                "is_staff",
                "is_superuser",
                "groups",
                "user_permissions",
            ]
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_staff and not request.user.is_superuser:
            return False  # other staff accounts are a superuser's to change
        if obj is not None and obj.is_deleted:
            return False  # anonymised: saving the page would write its old self back
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        """Staff or superuser status ticked on the person's page gives access as making
        them a coordinator does (accounts.services.coordinator_grant), so it signs their
        sessions out the same way: one opened before (a shared computer, or before their
        authenticator existed, so without its second step) opens nothing more than it did.
        Not over an account deleted since the page was read: its page's fields, written
        back, would bring it back. The coordinators' group, then the person, are locked in
        the order deleting an account and `coordinator_grant` take them (the group link this
        save may add locks the group too), and whether the person is a coordinator is read
        under them, for `save_related` to compare. Only the fields the page changed
        (`UserEditForm`: compared with what the page showed) are written: the rest, as the
        page showed them, would undo what changed meanwhile (the account switched off by a
        superuser, or the address or title its person changed)."""
        if change:
            Group.objects.select_for_update().filter(name=COORDINATORS_GROUP).first()
            locked = User.objects.select_for_update(no_key=True).only("deleted_at", "is_superuser")
            was = locked.get(pk=obj.pk)
            if was.is_deleted:
                raise PermissionDenied(
                    "This account was deleted after its page was opened, so nothing was saved."
                )
            form.was_coordinator = was.is_coordinator
            columns = {field.name for field in obj._meta.concrete_fields}
            obj.save(update_fields=[name for name in form.changed_data if name in columns])
        else:
            super().save_model(request, obj, form, change)
        gains = any(
            not form.initial.get(flag) and form.cleaned_data.get(flag)
            for flag in ("is_staff", "is_superuser")
        )
        if change and gains and obj.pk != request.user.pk:
            sessions_end(obj.pk)

    def save_related(self, request, form, formsets, change):
        """Only the groups and permissions the person's page changed are written, as only its
        changed fields are (`save_model`): written back as the page showed them, they would
        undo a change made meanwhile (someone made a coordinator since). A group or
        permission added there (the Coordinators group to someone already staff) gives
        access too: their sessions are signed out the same way. Someone the page made a
        coordinator (the Coordinators group, or superuser status: `User.is_coordinator`), or
        took out, is recorded in the audit trail as the actions record it, with who did it;
        made one, they are checked again under the save's locks as the actions check them
        (`why_not_coordinator`: an application sent meanwhile)."""
        if change:
            for name in _links_changed(form):
                getattr(form.instance, name).set(form.cleaned_data[name])
            for formset in formsets:
                self.save_formset(request, form, formset, change=change)
            self._coordinator_change_record(request, form)
        else:
            super().save_related(request, form, formsets, change)

        def pks(values) -> set[int]:
            return {getattr(value, "pk", value) for value in values or ()}

        gains = any(
            pks(form.cleaned_data.get(name)) - pks(form.initial.get(name))
            for name in ("groups", "user_permissions")
            if name in form.cleaned_data
        )
        if change and gains and form.instance.pk != request.user.pk:
            sessions_end(form.instance.pk)

    def _coordinator_change_record(self, request, form):
        person = form.instance
        now = User.objects.only("is_superuser").get(pk=person.pk).is_coordinator
        if now and not form.was_coordinator and (problem := why_not_coordinator(person)):
            raise PermissionDenied(problem)
        values, names = audit_form_changes(form, kept=("is_staff", "is_superuser"))
        coordinator_change_record(
            change=Audited(person, values, [name for name in names if name == "groups"]),
            was=form.was_coordinator,
            now=now,
            by=request.user,
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or request.user.is_superuser:
            return fieldsets
        return [(None, {"fields": ["email"]}), *fieldsets[1:]]

    def has_delete_permission(self, request, obj=None):
        # Removing the row would take the programme's figures with it (or be refused, for
        # anyone in a pair): accounts are deleted by anonymising, the action below.
        return False

    def has_erase_permission(self, request):
        return request.user.has_perm("accounts.change_user")

    @admin.action(description="Delete the selected accounts (anonymise)…", permissions=["erase"])
    def delete_accounts(self, request, queryset):
        people, refused = [], []
        chosen = list(queryset.order_by("full_name", "email"))
        problems = account_delete_problem_many(users=chosen, by=request.user)
        for person in chosen:
            if problem := problems[person.pk]:
                refused.append({"user": person, "reason": problem})
            else:
                people.append({"user": person})
        if request.POST.get("confirmed") != "yes":
            # What will happen to each is asked of every app, once for them all: only for
            # the page that says so, worded for the office (or for themself, on their own
            # account).
            to_delete = [person["user"] for person in people]
            consequences = account_delete_consequences_many(users=to_delete, by=request.user)
            emailed_by = account_delete_emailed_many(users=to_delete)
            for person in people:
                person["consequences"] = consequences[person["user"].pk]
                person["emailed"] = emailed_by[person["user"].pk]
            emailed = {person["user"].pk: person["emailed"] for person in people}
            return TemplateResponse(
                request,
                "admin/accounts/user/confirm_delete_accounts.html",
                {
                    **self.admin_site.each_context(request),
                    "title": "Delete these accounts?",
                    "people": people,
                    "emailed": [line for person in people for line in person["emailed"]],
                    "refused": refused,
                    # Whom each deletion emails, as shown: "Yes" deletes only where it is
                    # still so, and only those named here.
                    "hidden": as_shown(
                        [person["user"] for person in people],
                        lambda user: emailed_shown(emailed[user.pk]),
                    ),
                    "queryset": queryset,
                    "action": "delete_accounts",
                    "button": f"Yes, delete {len(people)} account{pluralize(len(people))}",
                    "back_url": reverse("admin:accounts_user_changelist"),
                    "opts": self.model._meta,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        deleted, emailed = 0, 0
        deletable = {person["user"].pk for person in people}
        for user, seen in named_with_shown(request, queryset.order_by("full_name", "email")):
            if user.pk not in deletable:  # deleted meanwhile, or now refused: said, not done
                reason = next(p["reason"] for p in refused if p["user"].pk == user.pk)
                self.message_user(request, f"{user}: {reason}", messages.WARNING)
                continue
            try:
                told = account_delete(user=user, by=request.user, emailed_seen=seen)
            except AccountDeleteError as error:
                self.message_user(request, f"{user}: {error}", messages.WARNING)
            else:
                deleted += 1
                emailed += len(told)
        if deleted:
            said = f"{deleted} account{pluralize(deleted)} deleted and anonymised"
            if emailed:
                said += (
                    f"; {emailed} email{pluralize(emailed)} sent to those it affects "
                    "(partners and the programme office)"
                )
            self.message_user(request, f"{said}. The audit trail records who deleted them.")

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def has_manage_access_permission(self, request):
        return request.user.is_superuser

    @admin.action(
        description="Make the selected people coordinators", permissions=["manage_access"]
    )
    def make_coordinator(self, request, queryset):
        chosen = list(queryset)
        refused = coordinator_grant_many(users=chosen, by=request.user)
        for user in chosen:
            if user.pk in refused:
                self.message_user(
                    request, f"Not made a coordinator: {refused[user.pk]}", messages.ERROR
                )
        count = len(chosen) - len(refused)
        if count:
            self.message_user(
                request,
                f"{count} coordinator{pluralize(count)} added. Before using the programme "
                f"office, {'each must' if count > 1 else 'they must'} set up two-factor "
                "authentication.",
            )

    @admin.action(
        description="Remove the selected people from the coordinators",
        permissions=["manage_access"],
    )
    def remove_coordinator(self, request, queryset):
        chosen = list(queryset.order_by("full_name", "email"))
        were_coordinators = coordinator_revoke_many(users=chosen, by=request.user)
        removed = len(were_coordinators)
        not_coordinators = [str(user) for user in chosen if user.pk not in were_coordinators]
        if removed:
            self.message_user(
                request,
                "1 person is no longer a coordinator."
                if removed == 1
                else f"{removed} people are no longer coordinators.",
            )
        why = (
            "who was not a coordinator"
            if len(not_coordinators) == 1
            else "who were not coordinators"
        )
        if unchanged := left_as_they_were([(not_coordinators, why)]):
            self.message_user(request, unchanged, messages.WARNING)


# An invitation's status (`Invitation.status`) in the words of the list and its actions.
INVITATION_STATUS_WORDS = {
    "pending": "Pending",
    "accepted": "Accepted",
    "expired": "Expired",
    "revoked": "Withdrawn",
}


class InvitationStatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return list(INVITATION_STATUS_WORDS.items())

    def queryset(self, request, queryset):
        now = timezone.now()
        open_ = {"accepted_at__isnull": True, "revoked_at__isnull": True}
        match self.value():
            case "pending":
                return queryset.filter(**open_, expires_at__gt=now)
            case "expired":
                return queryset.filter(**open_, expires_at__lte=now)
            case "accepted":
                return queryset.filter(accepted_at__isnull=False)
            case "revoked":
                return queryset.filter(revoked_at__isnull=False)
        return queryset


@admin.register(Invitation)
class InvitationAdmin(AuditedAdminMixin, ReadOnlyAdminMixin, ModelAdmin):
    """Read-only: an invitation is for something (a programme), so it is made where that is
    chosen (Board members, Add). Here a coordinator sends a new link or withdraws one."""

    list_display = [
        "email",
        "invited_to",
        "status",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
    ]
    list_filter = [InvitationStatusFilter, "created_at"]
    search_fields = ["email", "invited_to"]
    list_select_related = ["invited_by"]
    readonly_fields = [
        "email",
        "invited_to",
        "office_email",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
    ]
    fields = readonly_fields
    actions = ["resend", "revoke"]

    def has_invite_permission(self, request):
        return request.user.has_perm("accounts.add_invitation")

    @admin.display(description="Status")
    def status(self, obj):
        return INVITATION_STATUS_WORDS[obj.status]

    @admin.action(description="Send a new link to the selected addresses…", permissions=["invite"])
    def resend(self, request, queryset):
        if request.POST.get("confirmed") != "yes":
            # The newest invitation of each address not yet accepted: one new link per person.
            waiting = {}
            for invitation in queryset.filter(accepted_at__isnull=True).order_by("created_at"):
                waiting[invitation.email.lower()] = invitation
            # What each would be invited to now: nothing, once its place was removed or its
            # programme closed; and why, for those.
            invited_to = invited_to_now(list(waiting.values()))
            gone = [
                waiting[email] for email in sorted(waiting) if invited_to[waiting[email].pk] is None
            ]
            why_gone = why_nothing_waits(i.email for i in gone)
            waiting = [
                waiting[email]
                for email in sorted(waiting)
                if invited_to[waiting[email].pk] is not None
            ]
            # Each address's link as this page shows it: "Yes" sends only where it is still
            # that one, so a second click (or a colleague's) sends nothing more.
            shown = invitation_links_shown(i.email for i in waiting)
            return TemplateResponse(
                request,
                "admin/confirm_emails.html",
                {
                    **self.admin_site.each_context(request),
                    "title": "Send new invitation links?",
                    "intro": "Each address below is sent a new link; the link it had stops "
                    "working.",
                    "recipients": [
                        {"name": i.email, "email": i.email, "note": invited_to[i.pk]}
                        for i in waiting
                    ],
                    "unchanged": [
                        {"name": i.email, "note": "already accepted"}
                        for i in queryset.filter(accepted_at__isnull=False)
                    ]
                    + [{"name": i.email, "note": why_gone[i.email.lower()]} for i in gone],
                    "hidden": as_shown(waiting, lambda i: shown[i.email.lower()]),
                    "button": f"Yes, send {len(waiting)} new link{pluralize(len(waiting))}",
                    "back_url": reverse("admin:accounts_invitation_changelist"),
                    "queryset": queryset,
                    "action": "resend",
                    "opts": self.model._meta,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        sent = 0
        # Those the confirmation named, as they are now: one accepted since is said, not sent.
        chosen = sorted(queryset, key=lambda i: (i.email.lower(), i.pk))
        for invitation, seen in named_with_shown(request, chosen):
            try:
                sent += (
                    invitation_resend(invitation=invitation, invited_by=request.user, seen=seen)
                    is not None
                )
            except InvitationChanged as error:
                self.message_user(request, str(error), messages.ERROR)
        if sent:
            self.message_user(request, f"{sent} new invitation link{pluralize(sent)} sent.")

    @admin.action(description="Withdraw the selected invitations…", permissions=["invite"])
    def revoke(self, request, queryset):
        """First a page naming the invitations whose links stop working; on "Yes", only
        those still open are withdrawn. Nobody is emailed."""
        open_ones = list(
            queryset.filter(accepted_at__isnull=True, revoked_at__isnull=True).order_by("email")
        )
        if request.POST.get("confirmed") != "yes":
            count = len(open_ones)
            return TemplateResponse(
                request,
                "admin/confirm_changes.html",
                {
                    **self.admin_site.each_context(request),
                    "title": f"Withdraw {count} invitation{pluralize(count)}?",
                    "intro": "The link each of these people was sent stops working at once, "
                    "if it has not expired already. Nobody is emailed; you can invite them "
                    "again later. Their place on the board stays, waiting for the address: "
                    "whoever confirms it on an account later takes it. To take someone off a "
                    "board, remove their place under Board members.",
                    "changed": [
                        {
                            "name": i.email,
                            "note": f"{i.invited_to} (its link has expired already)"
                            if i.is_expired
                            else i.invited_to,
                        }
                        for i in open_ones
                    ],
                    "unchanged": [
                        {"name": i.email, "note": LEFT_AS_IT_IS.get(i.status, i.status)}
                        for i in queryset.exclude(pk__in=[i.pk for i in open_ones])
                    ],
                    "button": f"Yes, withdraw {count} invitation{pluralize(count)}",
                    "back_url": reverse("admin:accounts_invitation_changelist"),
                    "queryset": queryset,
                    "action": "revoke",
                    "opts": self.model._meta,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        revoked = sum(
            invitation_revoke(invitation=invitation, by=request.user) for invitation in open_ones
        )
        level = messages.SUCCESS if revoked else messages.WARNING
        self.message_user(request, f"{revoked} invitation{pluralize(revoked)} withdrawn.", level)


# Why an invitation chosen for withdrawal is left as it is.
LEFT_AS_IT_IS = {"accepted": "already accepted", "revoked": "already withdrawn"}


class OutboxStateFilter(admin.SimpleListFilter):
    """The stored states, plus "stuck": sending for longer than a send can take."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [*OutboxStatus.choices, ("stuck", "Stuck in sending")]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "stuck":
            since = timezone.now() - timedelta(seconds=settings.OUTBOX_STUCK_AFTER_SECONDS)
            return queryset.filter(status=OutboxStatus.SENDING, sending_since__lt=since)
        if value in OutboxStatus.values:
            return queryset.filter(status=value)
        return queryset


class OutboxKindFilter(admin.SimpleListFilter):
    title = "kind"
    parameter_name = "kind__exact"

    def lookups(self, request, model_admin):
        kinds = OutboxMessage.objects.order_by("kind").values_list("kind", flat=True).distinct()
        return [(kind, kind_in_words(kind)) for kind in kinds]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(kind=self.value())
        return queryset


@admin.register(OutboxMessage)
class OutboxMessageAdmin(
    AuditTrailLinkMixin, RecipientShownAdminMixin, ReadOnlyAdminMixin, ModelAdmin
):
    """What went to whom, when, and how it went. Never the body: it may hold a single-use
    link, and reminders are composed only when they are sent."""

    count_noun = "email"  # not "5 email outbox"
    # How each email went first, so that it shows on a laptop's screen without scrolling.
    list_display = [
        "created_at",
        "state",
        "attempts",
        "last_error_shown",
        "addressed_to",
        "email_kind",
        "subject_shown",
        "sent_at",
    ]
    list_filter = [OutboxStateFilter, OutboxKindFilter, "created_at"]
    # The subject as the list shows it (`get_search_results`), not as it was sent.
    search_fields = ["to", "subject_shown", "kind"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient"]
    fields = [
        "addressed_to",
        "addressed_recipient",
        "email_kind",
        "subject_shown",
        "state",
        "attempts",
        "created_at",
        "next_attempt_shown",
        "sending_since",
        "sent_at",
        "last_error_shown",
        "cancelled_reason",
    ]
    readonly_fields = fields
    actions = ["send_again"]

    def get_queryset(self, request):
        # Never shown, so never read: each body is encrypted, and a page holds 100 rows.
        return super().get_queryset(request).defer("text", "html", "attachments")

    def has_send_permission(self, request):
        return request.user.has_perm("accounts.change_outboxmessage")

    def refused_lookup(self, lookup: str) -> str:
        """Chosen by its own filters only (`list_filter`, its own parameters or fields, and
        the date drill-down). Nothing else an address could ask for
        (`?subject__startswith=…`, `?last_error__icontains=…`): the list hides a pair's
        emails' subjects and whom hidden kinds went to, which such a filter, tried a prefix
        at a time, would tell."""
        refused = super().refused_lookup(lookup)
        if refused or lookup.split(LOOKUP_SEP)[0] in self._chosen_by:
            return refused
        return "Emails are listed by their own filters only. All are shown."

    @cached_property
    def _chosen_by(self) -> set[str]:
        own = {
            each.parameter_name.split(LOOKUP_SEP)[0]
            for each in self.list_filter
            if isinstance(each, type) and issubclass(each, admin.SimpleListFilter)
        }
        return own | self._own_filters() | {self.date_hierarchy}

    def get_search_results(self, request, queryset, search_term):
        # `subject_shown` is the subject where the list shows it (`shown_subjects`): an
        # email between a pair's members is found by what it is, never by its subject.
        queryset = queryset.alias(subject_shown=shown_subjects())
        return super().get_search_results(request, queryset, search_term)

    # Not sortable: where a pair's email falls among subjects in order would tell its
    # subject's first words (who proposed or moved a meeting).
    @admin.display(description="subject")
    def subject_shown(self, obj):
        return shown_subject(obj.kind, obj.subject)

    @admin.display(description="kind", ordering="kind")
    def email_kind(self, obj):
        return obj.kind_in_words

    # Not sortable: a server's refusal begins with the address, so where a hidden row falls
    # among them would tell whose it is.
    @admin.display(description="last error")
    def last_error_shown(self, obj):
        # "-" where there is none, as every other empty field shows (not a blank).
        return self.failure_shown(obj, obj) or self.get_empty_value_display()

    # Only for an email still to go: one sent, failed for good or called off has no next
    # attempt, whatever time its row kept (it would read as a retry).
    @admin.display(description="next attempt at")
    def next_attempt_shown(self, obj):
        due = obj.status in (OutboxStatus.PENDING, OutboxStatus.SENDING)
        # As Django shows the field itself (a method's value would be shown unformatted).
        return display_for_field(
            obj.next_attempt_at if due else None,
            OutboxMessage._meta.get_field("next_attempt_at"),
            self.get_empty_value_display(),
        )

    @admin.display(description="state", ordering="status")
    def state(self, obj):
        if obj.is_stuck:
            return f"Stuck in sending since {timezone.localtime(obj.sending_since):%d %b %H:%M}"
        if obj.status == OutboxStatus.CANCELLED:
            return f"Not sent: {obj.cancelled_reason}"
        if obj.status == OutboxStatus.PENDING and obj.held_because:
            return f"{obj.get_status_display()}: {obj.held_because}"
        return obj.get_status_display()

    @admin.action(description="Send the selected failed emails again…", permissions=["send"])
    def send_again(self, request, queryset):
        if request.POST.get("confirmed") != "yes":
            failed = going_now(queryset.filter(status=OutboxStatus.FAILED))
            return TemplateResponse(
                request,
                "admin/accounts/outboxmessage/confirm_send_again.html",
                {
                    **self.admin_site.each_context(request),
                    "title": "Send these emails again?",
                    # Each as the list shows it: a hidden recipient stays hidden here too.
                    "messages_to_send": [
                        {
                            "subject": shown_subject(message.kind, message.subject) or message.kind,
                            "to": shown_recipient(message.kind, message.going_to),
                            # The refusal names the address it was tried at (`to`).
                            "failure": self.failure_shown(message, message),
                        }
                        for message in failed
                    ],
                    # "Yes" sends again only these: one that failed after the page was
                    # shown was not named on it.
                    "hidden": as_shown(failed, lambda message: message.status),
                    "queryset": queryset,
                    "action": "send_again",
                    "button": f"Yes, send {len(failed)} email{pluralize(len(failed))} again",
                    "back_url": reverse("admin:accounts_outboxmessage_changelist"),
                    "opts": self.model._meta,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        named = [message.pk for message, _ in named_with_shown(request, queryset)]
        sent = outbox_send_again(queryset.filter(pk__in=named), by=request.user)
        self.message_user(request, f"{sent} email{pluralize(sent)} queued to be sent again.")


def superusers_only(*models) -> None:
    """Keep each model's admin as registered (Django's, allauth's, or ours on top of theirs),
    for superusers alone, reading ids in addresses as every other admin does, its forms in
    plain words."""
    for model in models:
        registered = type(admin.site.get_model_admin(model))
        admin.site.unregister(model)
        admin.site.register(
            model,
            type(
                registered.__name__,
                (
                    SuperuserOnlyAdminMixin,
                    PlainWordsMixin,
                    AddressIdMixin,
                    DateDrillDownMixin,
                    registered,
                ),
                {},
            ),
        )


admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(SeenAndRemovedOnlyAdminMixin, allauth_mfa_admin.AuthenticatorAdmin):
    """allauth's, seen and removed only, even by the superusers it is kept for below."""


superusers_only(Group, EmailAddress, Authenticator)
