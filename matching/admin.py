from django import forms
from django.contrib import admin, messages
from django.db.models import Q
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst

from accounts.admin_audit import AuditedAdminMixin
from accounts.admin_base import ModelAdmin
from accounts.bounds import PersonChoiceField
from accounts.models import User
from matching import views
from matching.export import matches_csv
from matching.models import ConflictOfInterest, MatchingSettings
from matching.scoring import as_sentence
from matching.selectors import readiness
from matching.services import proposals_accept
from mentoring.admin.filters import UnfilteredByWhatPairsWrote
from mentoring.admin.pairs import MEETING_BOOKED_SINCE, meetings_shown
from mentoring.links import office_list_url
from mentoring.models import (
    BoardMember,
    EndReason,
    Match,
    MentorApplication,
    PairRequest,
    Programme,
)
from mentoring.selectors import people_in_roles, requests_readable_by, sides_withheld_from
from mentoring.selectors.pairs import (
    meetings_booked_since,
    meetings_called_off,
    pair_recipients,
    told_of_the_end,
)
from mentoring.services.matches import matches_end, sides_lock
from mentoring.services.mentees import profiles_without_a_theme_reopened


def reasons_list(reasons: list[str]) -> str:
    """A score's parts as a list of sentences, never the JSON they are stored as."""
    return render_to_string(
        "admin/matching/reasons.html", {"sentences": [as_sentence(r) for r in reasons]}
    )


class ConflictOfInterestForm(forms.ModelForm):
    """Each side offers only the people who can be on it (mentoring.selectors.roles), with
    no deleted or inactive account; anything else sent is refused in words."""

    mentor = PersonChoiceField(
        queryset=User.objects.none(),
        label="Mentor",
        help_text="Someone who has applied to mentor, or mentors, in a programme.",
        error_messages={"invalid_choice": "Choose a mentor or an applicant from the list."},
    )
    board_member = PersonChoiceField(
        queryset=User.objects.none(),
        label="Board member",
        help_text="A board member who has joined a programme.",
        error_messages={"invalid_choice": "Choose a board member from the list."},
    )

    class Meta:
        model = ConflictOfInterest
        fields = ["mentor", "board_member", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sides = {
            "mentor": people_in_roles("mentor", "applicant"),
            "board_member": people_in_roles("board_member"),
        }
        for name, people in sides.items():
            if name not in self.fields:  # a recorded conflict's people are shown, not asked
                continue
            # A conflict recorded earlier keeps its person, whatever their role now.
            recorded = getattr(self.instance, f"{name}_id")
            if recorded is not None:
                people = people | User.objects.filter(pk=recorded)
            self.fields[name].queryset = people


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(ModelAdmin):
    form = ConflictOfInterestForm
    list_display = ["mentor", "board_member", "note", "recorded_by", "recorded_at"]
    search_fields = ["mentor__full_name", "board_member__full_name", "note"]
    list_select_related = ["mentor", "board_member", "recorded_by"]

    def get_queryset(self, request):
        # Never a conflict naming the coordinator themself (last year's mentor may join the
        # office): the office's note about them is the office's, as their pair's requests are.
        user = request.user
        return super().get_queryset(request).exclude(Q(mentor=user) | Q(board_member=user))

    def get_readonly_fields(self, request, obj=None):
        # Whom a conflict keeps apart is what its recorder recorded: two other people are a
        # new conflict, never this one changed under its recorder's name (only its note is).
        if obj is not None:
            return ["mentor", "board_member", "recorded_by", "recorded_at"]
        return super().get_readonly_fields(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        # The two people's places locked as confirming a pair locks them (in the admin's
        # transaction): a pair being confirmed meanwhile is confirmed first, and said below,
        # or its confirmation waits and then sees the conflict.
        sides_lock(
            mentor_ids=MentorApplication.objects.filter(applicant=obj.mentor_id).values_list(
                "pk", flat=True
            ),
            member_ids=BoardMember.objects.filter(user=obj.board_member_id).values_list(
                "pk", flat=True
            ),
        )
        super().save_model(request, obj, form, change)
        # A conflict found while the two are already paired: it ends nothing by itself.
        paired = (
            Match.objects.active()
            .filter(mentor__applicant=obj.mentor, board_member__user=obj.board_member)
            .select_related("programme")
        )
        for pair in paired:
            self.message_user(
                request,
                format_html(
                    "{} and {} are paired in {}: recording the conflict does not end their "
                    'pairing. If it should end, end it from <a href="{}">the pair\'s page</a>.',
                    obj.mentor.full_name,
                    obj.board_member.full_name,
                    pair.programme,
                    reverse("admin:mentoring_match_change", args=[pair.pk]),
                ),
                messages.WARNING,
            )


@admin.register(MatchingSettings)
class MatchingSettingsAdmin(ModelAdmin):
    list_display = [
        "programme",
        "themes_weight",
        "learning_styles_weight",
        "interaction_approaches_weight",
        "availability_weight",
        "departments_weight",
        "mentor_capacity",
    ]
    list_select_related = ["programme"]
    fieldsets = [
        (None, {"fields": ["programme"]}),
        (
            "How much each criterion counts (Mandatory: pairs without it are never suggested)",
            {
                "fields": [
                    "themes_weight",
                    "learning_styles_weight",
                    "interaction_approaches_weight",
                    "availability_weight",
                    "departments_weight",
                ]
            },
        ),
        ("Rules", {"fields": ["block_same_department", "block_repeat_pairs", "mentor_capacity"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        return ["programme"] if obj else []

    def has_change_permission(self, request, obj=None):
        # An ended programme's settings are kept to read: nobody is matched in it any more
        # (`Programme.has_ended`), so what they weigh would change nothing.
        if obj is not None and obj.programme.has_ended:
            return False
        return super().has_change_permission(request, obj)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("programme")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "programme":
            # Settings are added only for a programme still to match in: an ended one's
            # would weigh nothing (`has_change_permission`).
            kwargs["queryset"] = Programme.objects.exclude(Programme.ended_q())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "themes_weight" in form.changed_data:
            reopened = profiles_without_a_theme_reopened(obj.programme_id)
            if reopened:
                self.message_user(
                    request,
                    f"{reopened} board member{pluralize(reopened)} completed "
                    f"{pluralize(reopened, 'a profile,profiles')} without a theme, now needed "
                    f"to be matched: {pluralize(reopened, 'it is,they are')} no longer "
                    f"complete, and {pluralize(reopened, 'they are,each is')} asked for one "
                    "on their dashboard and profile.",
                    messages.WARNING,
                )

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        field = super().formfield_for_choice_field(db_field, request, **kwargs)
        if db_field.name.endswith("_weight"):
            # Its label names a criterion, not what is chosen ("Choose the shared themes").
            criterion = capfirst(db_field.verbose_name)
            field.error_messages["required"] = f"Choose how much “{criterion}” counts."
        return field

    # Real figures beside the rules, before anyone has opened the board (which is what
    # creates a programme's settings): the defaults are shown for a programme without any.
    # The list reads the current programme's (each is a whole match board, so one, whatever
    # else runs); another's are on its own settings page and its board, linked.
    def changelist_view(self, request, extra_context=None):
        current = Programme.objects.current()
        context = {
            "figures": [readiness(current)] if current else [],
            "other_boards": list(
                Programme.objects.active().exclude(pk=getattr(current, "pk", None))
            ),
        }
        return super().changelist_view(request, {**(extra_context or {}), **context})

    # An ended programme's page says so in place of the figures of who is ready to match.
    def change_view(self, request, object_id, form_url="", extra_context=None):
        settings = self.get_object(request, object_id)
        ended = settings is not None and settings.programme.has_ended
        figures = [readiness(settings.programme, settings)] if settings and not ended else []
        context = {"figures": figures, "ended_programme": settings.programme if ended else None}
        return super().change_view(
            request, object_id, form_url, {**(extra_context or {}), **context}
        )


# The list's actions that end a pair, named after the reason each records.
END_ACTIONS = [EndReason.COMPLETED, EndReason.WITHDRAWN, EndReason.REMATCHED]

# What a pair's page shows in place of the office's note on its ending and the reasons it
# was proposed (both people's answers) to a coordinator who was paired with either of its
# people (`sides_withheld_from`): in this pair, or in an earlier one.
WITHHELD = {"end_note": "end_note_withheld", "reasons_in_words": "reasons_withheld"}
NOT_SHOWN_TO_A_MEMBER = "Not shown: you were in this pair."


def not_shown_to(reader, match: Match) -> str:
    """Why `reader` is not shown what the office holds of `match`: they were in it, or were
    paired with one of its people (named) in an earlier pair."""
    if reader.pk in (match.mentor.applicant_id, match.board_member.user_id):
        return NOT_SHOWN_TO_A_MEMBER
    partner = match.mentor.applicant if match.mentor_withheld else match.board_member.user
    return f"Not shown: you were paired with {partner.full_name}."


@admin.register(Match)
class MatchAdmin(UnfilteredByWhatPairsWrote, AuditedAdminMixin, ModelAdmin):
    list_display = [
        "board_member_name",
        "mentor_name",
        "programme",
        "status",
        "score_out_of_100",
        "activated_at",
        "ended_at",
        "end_reason",
    ]
    list_filter = ["programme", "status", "end_reason"]
    search_fields = [
        "mentor__applicant__full_name",
        "mentor__applicant__email",
        "board_member__user__full_name",
        # The address they were invited at, and the one they sign in with now.
        "board_member__email",
        "board_member__user__email",
    ]
    list_select_related = ["mentor__applicant", "board_member__user"]
    list_prefetch_related = ["programme"]
    fields = [
        "programme",
        "mentor",
        "board_member",
        "status",
        "score_out_of_100",
        "reasons_in_words",
        "proposed_by",
        "proposed_at",
        "activated_at",
        "ended_at",
        "end_reason",
        "end_note",
        "what_they_wrote",
    ]
    readonly_fields = [f for f in fields if f != "end_note"]
    saves_only_what_it_edits = True  # the note alone: the pair may end meanwhile
    actions = [
        "accept_proposals",
        "discard_proposals",
        "end_completed",
        "end_withdrawn",
        "end_rematched",
        "export_csv",
    ]
    change_list_template = "admin/matching/match/change_list.html"

    def lookup_allowed(self, lookup, value, request=None):
        # The start page's link to the pairs left active in a closed programme
        # (mentoring.admin.start): by their programme's state, not a filter of the sidebar.
        if lookup == "programme__status__exact":
            return True
        return super().lookup_allowed(lookup, value, request)

    def has_add_permission(self, request):
        return False  # pairs are made on the match board

    def get_queryset(self, request):
        # Whether the coordinator reading was paired with either of the pair's people, in
        # the list's own query: what the office holds of their answers is not theirs to read
        # (`WITHHELD`, `matches_csv`).
        return super().get_queryset(request).annotate(**sides_withheld_from(request.user))

    def get_object(self, request, object_id, from_field=None):
        # With what its page says in place of what is withheld from the reader, if anything.
        match = super().get_object(request, object_id, from_field)
        if match is not None:
            withheld = match.mentor_withheld or match.board_member_withheld
            match.not_shown = not_shown_to(request.user, match) if withheld else ""
        return match

    @staticmethod
    def _withheld(match) -> bool:
        return match is not None and bool(match.not_shown)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self._withheld(obj):
            return [WITHHELD.get(name, name) for name in fields]
        return fields

    def get_readonly_fields(self, request, obj=None):
        if self._withheld(obj):
            return self.get_fields(request, obj)
        return super().get_readonly_fields(request, obj)

    @admin.display(description="End note")
    def end_note_withheld(self, obj):
        return obj.not_shown

    @admin.display(description="Why they were proposed")
    def reasons_withheld(self, obj):
        return obj.not_shown

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # An active pair's page offers the list's ways to end it, each asked first.
        ends = [(f"end_{reason}", reason.label.lower()) for reason in END_ACTIONS]
        return super().change_view(
            request, object_id, form_url, {**(extra_context or {}), "end_actions": ends}
        )

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Score", ordering="score")
    def score_out_of_100(self, obj):
        return f"{obj.score} out of 100"

    @admin.display(description="What they wrote")
    def what_they_wrote(self, obj):
        """Whether the pair's notes are still held (the office's answer to "do you still hold
        what we wrote?"), never what they say: mentoring.services.retention. Past its period
        and not deleted yet (`Match.notes_deletion_due`, the hourly run's rule), they are due
        on the next run: never "kept until" a day gone by."""
        if obj.notes_deleted_at is not None:
            when = timezone.localtime(obj.notes_deleted_at)
            return f"Deleted on {when:%-d %B %Y} by the programme's notes retention."
        days = obj.programme.notes_retention_days
        if days is None:
            return "Kept: the programme keeps what pairs wrote."
        if obj.ended_at is None:
            return f"Kept while the pair runs, and for {days} days after it ends."
        until = timezone.localtime(obj.notes_delete_after)
        if obj.notes_deletion_due:
            if obj.notes_delete_after == obj.notes_kept_until:
                # The date its members were given, kept to when the period was shortened.
                return (
                    "Due for deletion on the next retention run (hourly): the date its members "
                    f"were given, {until:%-d %B %Y}, has passed."
                )
            return (
                f"Due for deletion on the next retention run (hourly): the {days} days the "
                f"programme keeps them after a pair ends ran out on {until:%-d %B %Y}."
            )
        return f"Kept until {until:%-d %B %Y}, then deleted by the programme's notes retention."

    @admin.display(description="Why they were proposed")
    def reasons_in_words(self, obj):
        return reasons_list(obj.reasons)

    @admin.display(description="Board member", ordering="board_member__user__full_name")
    def board_member_name(self, obj):
        return str(obj.board_member)

    @admin.display(description="Mentor", ordering="mentor__applicant__full_name")
    def mentor_name(self, obj):
        return str(obj.mentor.applicant)

    # --- actions ----------------------------------------------------------------------------

    # Accepting and discarding here go the same way as on the board (the same services and
    # the same confirmation page, naming who will be emailed).
    @admin.action(
        description="Accept the selected proposals (emails both people)…", permissions=["change"]
    )
    def accept_proposals(self, request, queryset):
        proposals = list(queryset.proposed())
        if request.POST.get("confirmed") != "yes":
            return views.confirm_accept(
                request,
                proposals,
                back_url=reverse("admin:mentoring_match_changelist"),
                hidden=[],
                unchanged=_left_out(queryset, proposals, "not a proposal"),
                queryset=queryset,
                action="accept_proposals",
            )
        shown = views.posted_ids(request, "shown")
        accepted = proposals_accept(
            matches=[match for match in proposals if match.pk in shown], by=request.user
        )
        views.report_accepted(request, accepted)
        return None

    @admin.action(description="Discard the selected proposals…", permissions=["change"])
    def discard_proposals(self, request, queryset):
        """First a page naming each proposal chosen (a "select all" takes every programme's);
        on "Yes", only those it showed that are still proposals are discarded. Nobody is
        emailed."""
        proposed = views.open_proposals(queryset)
        if request.POST.get("confirmed") != "yes":
            return views.confirm_discard(
                request,
                proposed,
                back_url=reverse("admin:mentoring_match_changelist"),
                unchanged=_left_out(queryset, proposed, "not a proposal"),
                queryset=queryset,
                action="discard_proposals",
            )
        views.discard_shown(request, proposed)
        return None

    def _end(self, request, queryset, reason):
        """First a page naming both people of each active pair selected; on "Yes", only the
        pairs it showed end, and both people of each are told by email."""
        said = EndReason(reason).label.lower()
        active = list(
            queryset.active()
            .select_related("programme", "mentor__applicant", "board_member__user")
            .order_by("board_member__user__full_name", "pk")
        )
        if request.POST.get("confirmed") != "yes":
            return self._confirm_end(request, queryset, active, said)
        shown = views.posted_ids(request, "shown")
        ending = [match for match in active if match.pk in shown]
        if meetings_booked_since(ending, meetings_shown(request)):
            self.message_user(request, MEETING_BOOKED_SINCE, messages.WARNING)
            return self._confirm_end(request, queryset, active, said)
        ended = matches_end(matches=ending, reason=reason, by=request.user, tell_both=True)
        if not ended:
            self.message_user(
                request, "Nothing was changed: none of those pairs is active now.", messages.WARNING
            )
            return None
        self.message_user(
            request,
            f"{views.pairs_count(len(ended))} ended ({said}); "
            f"{told_of_the_end(ended, both='both people in each were told by email')}. "
            "Add a note on each pair if useful.",
        )
        self._requests_left_open(request, ended)
        return None

    def _requests_left_open(self, request, ended: list[Match]) -> None:
        """Requests and concerns from the ended pairs' members still waiting for a decision:
        ending a pair leaves them open (a concern may outlive its pair), so the message says
        they are the next step, linked for someone who may open the list of requests (the
        pair's own when only one pair has them; else every open request, which they are
        among)."""
        pairs = list(
            requests_readable_by(request.user, PairRequest.objects.open())
            .filter(match__in=[match.pk for match in ended])
            .values_list("match_id", flat=True)
        )
        if not pairs:
            return
        filters = {"open": "yes"}
        if len(set(pairs)) == 1:
            filters["match__id__exact"] = pairs[0]
        count, one_pair = len(pairs), len(set(pairs)) == 1
        said = format_html(
            "{} from {} still {} for a decision: ending {} does not close {}.",
            f"{count} request{pluralize(count)} or concern{pluralize(count)}",
            "its members" if one_pair else "these pairs' members",
            "waits" if count == 1 else "wait",
            "the pairing" if one_pair else "the pairings",
            "it" if count == 1 else "them",
        )
        if request.user.has_perm("mentoring.view_pairrequest"):
            said = format_html(
                '{} <a href="{}">Read and close {}</a>.',
                said,
                office_list_url("mentoring.pairrequest", **filters),
                "it" if count == 1 else "them",
            )
        self.message_user(request, said, messages.WARNING)

    def _confirm_end(self, request, queryset, active, said):
        # What the email says of why: only a completed pairing is told (and thanked).
        if said == EndReason.COMPLETED.label.lower():
            told = "it is recorded as completed, and thanked"
        else:
            told = "it has ended (not why)"
        called_off = meetings_called_off(active)
        if called_off:
            told = (
                f"Their meetings still to come are called off, and both people in each are "
                f"emailed that {told}, with those meetings and a calendar file that removes them"
            )
        else:
            told = f"Both people in each are emailed that {told}"
        recipients = pair_recipients(active)
        unchanged = _left_out(queryset, active, "not an active pair")
        count = views.pairs_count(len(active))
        return TemplateResponse(
            request,
            "admin/confirm_emails.html",
            {
                **self.admin_site.each_context(request),
                "title": f"End {count} ({said})?",
                "intro": f"{count.capitalize()} will end now ({said}). {told}. "
                "This cannot be undone.",
                "recipients": recipients,
                "also": called_off,
                "also_heading": "Meetings called off",
                "unchanged": unchanged,
                "hidden": [
                    *(("shown", match.pk) for match in active),
                    *(("meetings_shown", meeting["pk"]) for meeting in called_off),
                ],
                "button": f"Yes, end {count} and email {len(recipients)} people",
                "back_url": reverse("admin:mentoring_match_changelist"),
                "queryset": queryset,
                "action": request.POST.get("action", ""),
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description="End the selected pairs: completed…", permissions=["change"])
    def end_completed(self, request, queryset):
        return self._end(request, queryset, EndReason.COMPLETED)

    @admin.action(description="End the selected pairs: withdrawn…", permissions=["change"])
    def end_withdrawn(self, request, queryset):
        return self._end(request, queryset, EndReason.WITHDRAWN)

    @admin.action(description="End the selected pairs: to rematch…", permissions=["change"])
    def end_rematched(self, request, queryset):
        return self._end(request, queryset, EndReason.REMATCHED)

    @admin.action(description="Export the selected pairs as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        return matches_csv(
            queryset, f"matches-{timezone.localtime():%Y%m%d-%H%M}.csv", reader=request.user
        )

    # --- the match board: function views in matching.views, routed here -------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        board = [
            path("board/", view(views.board_index), name="matching_board_index"),
            path("board/<int:programme_id>/", view(views.board), name="matching_board"),
            path(
                "board/<int:programme_id>/propose/",
                view(views.board_propose),
                name="matching_board_propose",
            ),
            path(
                "board/<int:programme_id>/optimal/",
                view(views.board_optimal),
                name="matching_board_optimal",
            ),
            path(
                "board/<int:programme_id>/accept/",
                view(views.board_accept),
                name="matching_board_accept",
            ),
            path(
                "board/<int:programme_id>/discard/",
                view(views.board_discard),
                name="matching_board_discard",
            ),
            path(
                "board/<int:programme_id>/export/",
                view(views.board_export),
                name="matching_board_export",
            ),
        ]
        # Anything else under board/ (an id in other digits, "٣") is no board page: not
        # found, rather than read by the admin as a pair's id ("board/٣").
        board.append(path("board/<path:rest>", view(views.board_not_found)))
        return [*board, *super().get_urls()]


def _left_out(queryset, affected, why: str) -> list[dict]:
    """The pairs chosen that an action leaves as they are, each named with `why` and its
    status, for a confirmation page's "left as they are" list."""
    others = queryset.exclude(pk__in=[match.pk for match in affected])
    return [
        {"name": str(match), "note": f"{why} ({match.get_status_display().lower()})"}
        for match in others.select_related("mentor__applicant", "board_member__user")
    ]
