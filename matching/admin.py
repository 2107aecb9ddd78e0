from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from matching.export import matches_csv
from matching.models import ConflictOfInterest, MatchingSettings
from matching.selectors import match_board
from matching.services import assignment_propose, pair_propose, proposals_accept
from mentoring.models import BoardMember, EndReason, Match, MentorApplication, Programme
from mentoring.services.matches import MatchError, match_discard, match_end


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(admin.ModelAdmin):
    list_display = ["mentor", "board_member", "note", "recorded_by", "recorded_at"]
    search_fields = ["mentor__full_name", "board_member__full_name", "note"]
    autocomplete_fields = ["mentor", "board_member"]
    list_select_related = ["mentor", "board_member", "recorded_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(MatchingSettings)
class MatchingSettingsAdmin(admin.ModelAdmin):
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


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    list_display = [
        "board_member_name",
        "mentor_name",
        "programme",
        "status",
        "score",
        "activated_at",
        "ended_at",
        "end_reason",
    ]
    list_filter = ["programme", "status", "end_reason"]
    search_fields = [
        "mentor__applicant__full_name",
        "mentor__applicant__email",
        "board_member__user__full_name",
        "board_member__email",
    ]
    list_select_related = ["programme", "mentor__applicant", "board_member__user"]
    fields = [
        "programme",
        "mentor",
        "board_member",
        "status",
        "score",
        "reasons",
        "proposed_by",
        "proposed_at",
        "activated_at",
        "ended_at",
        "end_reason",
        "end_note",
    ]
    readonly_fields = [f for f in fields if f != "end_note"]
    actions = [
        "accept_proposals",
        "discard_proposals",
        "end_completed",
        "end_withdrawn",
        "end_rematched",
        "export_csv",
    ]
    change_list_template = "admin/matching/match/change_list.html"

    def has_add_permission(self, request):
        return False  # pairs are made on the match board

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Board member", ordering="board_member__user__full_name")
    def board_member_name(self, obj):
        return str(obj.board_member)

    @admin.display(description="Mentor", ordering="mentor__applicant__full_name")
    def mentor_name(self, obj):
        return str(obj.mentor.applicant)

    # --- actions ----------------------------------------------------------------------------

    @admin.action(
        description="Accept the selected proposals (emails both people)", permissions=["change"]
    )
    def accept_proposals(self, request, queryset):
        activated, problems = proposals_accept(matches=queryset.proposed())
        self._report(request, activated, problems)

    @admin.action(description="Discard the selected proposals", permissions=["change"])
    def discard_proposals(self, request, queryset):
        discarded = sum(match_discard(match=match) for match in queryset)
        self.message_user(request, f"{discarded} proposal(s) discarded.")

    def _end(self, request, queryset, reason):
        ended = sum(match_end(match=match, reason=reason) for match in queryset)
        self.message_user(
            request,
            f"{ended} match(es) ended ({EndReason(reason).label.lower()}). Add a note on each "
            "match if useful.",
        )

    @admin.action(description="End the selected matches: completed", permissions=["change"])
    def end_completed(self, request, queryset):
        self._end(request, queryset, EndReason.COMPLETED)

    @admin.action(description="End the selected matches: withdrawn", permissions=["change"])
    def end_withdrawn(self, request, queryset):
        self._end(request, queryset, EndReason.WITHDRAWN)

    @admin.action(description="End the selected matches: to rematch", permissions=["change"])
    def end_rematched(self, request, queryset):
        self._end(request, queryset, EndReason.REMATCHED)

    @admin.action(description="Export the selected matches as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        return matches_csv(queryset, f"matches-{timezone.localtime():%Y%m%d-%H%M}.csv")

    def _report(self, request, activated, problems):
        if activated:
            self.message_user(
                request, f"{len(activated)} pair(s) confirmed; both people have been emailed."
            )
        for problem in problems:
            self.message_user(request, problem, messages.ERROR)

    # --- the match board ----------------------------------------------------------------------

    def get_urls(self):
        board = self.admin_site.admin_view
        return [
            path("board/", board(self.board_index), name="matching_board_index"),
            path("board/<int:programme_id>/", board(self.board_view), name="matching_board"),
            path(
                "board/<int:programme_id>/propose/",
                board(require_POST(self.board_propose)),
                name="matching_board_propose",
            ),
            path(
                "board/<int:programme_id>/optimal/",
                board(require_POST(self.board_optimal)),
                name="matching_board_optimal",
            ),
            path(
                "board/<int:programme_id>/accept/",
                board(require_POST(self.board_accept)),
                name="matching_board_accept",
            ),
            path(
                "board/<int:programme_id>/discard/",
                board(require_POST(self.board_discard)),
                name="matching_board_discard",
            ),
            path(
                "board/<int:programme_id>/export/",
                board(self.board_export),
                name="matching_board_export",
            ),
            *super().get_urls(),
        ]

    def _programme(self, request, programme_id, *, change=False) -> Programme:
        allowed = (
            self.has_change_permission(request) if change else self.has_view_permission(request)
        )
        if not allowed:
            raise PermissionDenied
        return get_object_or_404(Programme.objects.published(), pk=programme_id)

    @staticmethod
    def _posted_id(request, name: str, required: bool = True) -> int | None:
        value = request.POST.get(name, "")
        if not value and not required:
            return None
        if not value.isdigit():
            raise Http404(f"No such {name}.")
        return int(value)

    def _back(self, programme):
        return redirect("admin:matching_board", programme_id=programme.pk)

    def board_index(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        programmes = Programme.objects.active()
        if len(programmes) == 1:
            return self._back(programmes[0])
        context = {
            **self.admin_site.each_context(request),
            "title": "Match board",
            "programmes": programmes,
        }
        return TemplateResponse(request, "admin/matching/board_index.html", context)

    def board_view(self, request, programme_id):
        programme = self._programme(request, programme_id)
        board = match_board(programme)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Match board: {programme.name}",
            "board": board,
            "programme": programme,
            "can_change": self.has_change_permission(request),
            "settings_url": reverse(
                "admin:matching_matchingsettings_change", args=[board.settings.pk]
            ),
        }
        return TemplateResponse(request, "admin/matching/board.html", context)

    def board_propose(self, request, programme_id):
        programme = self._programme(request, programme_id, change=True)
        mentor = get_object_or_404(
            MentorApplication, pk=self._posted_id(request, "mentor"), programme=programme
        )
        member = get_object_or_404(
            BoardMember, pk=self._posted_id(request, "board_member"), programme=programme
        )
        try:
            pair_propose(mentor=mentor, board_member=member, proposed_by=request.user)
        except MatchError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, f"Proposed: {mentor.applicant} with {member}.")
        return self._back(programme)

    def board_optimal(self, request, programme_id):
        programme = self._programme(request, programme_id, change=True)
        proposals = assignment_propose(programme=programme, proposed_by=request.user)
        total = sum(match.score for match in proposals)
        self.message_user(
            request,
            f"Optimal assignment proposed: {len(proposals)} pair(s), total score {total}. "
            "Accept them all, or one by one.",
        )
        return self._back(programme)

    def board_accept(self, request, programme_id):
        programme = self._programme(request, programme_id, change=True)
        proposals = Match.objects.proposed().filter(programme=programme)
        match_id = self._posted_id(request, "match", required=False)
        if match_id is not None:
            proposals = proposals.filter(pk=match_id)
        activated, problems = proposals_accept(matches=list(proposals))
        self._report(request, activated, problems)
        return self._back(programme)

    def board_discard(self, request, programme_id):
        programme = self._programme(request, programme_id, change=True)
        proposals = Match.objects.proposed().filter(programme=programme)
        match_id = self._posted_id(request, "match", required=False)
        if match_id is not None:
            proposals = proposals.filter(pk=match_id)
        discarded = sum(match_discard(match=match) for match in proposals)
        self.message_user(request, f"{discarded} proposal(s) discarded.")
        return self._back(programme)

    def board_export(self, request, programme_id):
        programme = self._programme(request, programme_id)
        return matches_csv(
            Match.objects.filter(programme=programme).exclude(status="proposed"),
            f"matches-{programme.slug}.csv",
        )
