"""The programme office's side of the pair's life: ground rules versions, requests from pair
members, and programme health. Nothing here shows what a pair said: meetings, notes, action
steps and the shared purpose are not registered in the admin at all."""

from django.contrib import admin, messages
from django.db.models import Exists, Max, Min, OuterRef, Subquery
from django.http import HttpResponseRedirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from accounts.admin_base import AsksBeforeSaving, ModelAdmin, NothingEditedHere, went_back
from accounts.bounds import posted_number
from config.queries import counted
from mentoring.admin.filters import UnfilteredByWhatPairsWrote, YesNoFilter
from mentoring.cadence import PairState, pair_state
from mentoring.links import office_list_url
from mentoring.models import (
    EndReason,
    GroundRules,
    GroundRulesAgreement,
    Match,
    MatchStatus,
    Meeting,
    MeetingStatus,
    PairHealth,
    PairRequest,
)
from mentoring.models.pairs import DEFAULT_GROUND_RULES
from mentoring.selectors import requests_readable_by
from mentoring.selectors.pairs import (
    meetings_booked_since,
    meetings_called_off,
    pair_recipients,
    told_of_the_end,
)
from mentoring.services.pairs import (
    GroundRulesAlreadyPublished,
    GroundRulesChanged,
    ground_rules_publish,
    pair_requests_resolve,
)


@admin.register(GroundRules)
class GroundRulesAdmin(AsksBeforeSaving, ModelAdmin):
    """Each save is a new version; earlier versions stay, read-only, because agreements
    name the version they were given to."""

    list_display = ["programme", "version", "created_at", "created_by"]
    list_filter = ["programme"]
    list_select_related = ["programme", "created_by"]
    fields = ["programme", "text"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        programme = posted_number(str(initial.get("programme", "")), max_digits=9)
        latest = (
            GroundRules.objects.filter(programme_id=programme).order_by("-version").first()
            if programme is not None
            else None
        )
        initial.setdefault("text", latest.text if latest else DEFAULT_GROUND_RULES)
        return initial

    went_back_message = (
        "Nothing was published. Here are the ground rules as you typed them; Save asks again "
        "before it publishes them."
    )

    def add_view(self, request, form_url="", extra_context=None):
        """Save first shows what publishing does and to how many pairs; "Yes" publishes the
        version that page named (`_publish`). An invalid form, or "No, go back" there (the
        form as typed: `AsksBeforeSaving`), goes on to the admin's own handling."""
        if request.method == "POST" and not went_back(request) and self.has_add_permission(request):
            form = self.posted_form(request, None)
            if form.is_valid():
                if request.POST.get("confirmed") == "yes":
                    return self._publish(request, form.cleaned_data)
                return self._confirm_publish(request, form.cleaned_data)
        return super().add_view(request, form_url, extra_context)

    def _confirm_publish(self, request, data):
        programme = data["programme"]
        latest = GroundRules.objects.latest_for(programme)
        pairs = (
            Match.objects.active()
            .filter(programme=programme)
            .select_related("mentor__applicant", "board_member__user")
            .order_by("board_member__user__full_name")
        )
        count = len(pairs)
        version = (latest.version if latest else 0) + 1
        asks = f" and ask {count} pair{pluralize(count)} to agree again" if count else ""
        return TemplateResponse(
            request,
            "admin/mentoring/groundrules/confirm_publish.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Publish new ground rules{asks}?",
                "programme": programme,
                "version": version,
                "text": data["text"],
                "pairs": pairs,
                # "Yes" publishes this version only (`ground_rules_publish`'s `shown`).
                "hidden": [
                    ("programme", programme.pk),
                    ("text", data["text"]),
                    ("version", version),
                ],
                "button": f"Yes, publish version {version}{asks}",
                "back_posts": True,  # the text typed, back to the form: a link would lose it
                "opts": self.model._meta,
            },
        )

    def _publish(self, request, data):
        """ "Yes": the version the confirmation named, if it is still the next one. A second
        "Yes" publishes nothing more; after a colleague published, or from a page that named
        no version, the confirmation is shown again, naming the next."""
        programme = data["programme"]
        shown = posted_number(request.POST.get("version"), max_digits=9)
        if shown is None:
            self.message_user(
                request,
                "The confirmation did not say which version to publish, so nothing was "
                "published. Check the version below, then publish.",
                messages.ERROR,
            )
            return self._confirm_publish(request, data)
        try:
            saved = ground_rules_publish(
                programme=programme, text=data["text"], by=request.user, shown=shown
            )
        except GroundRulesAlreadyPublished as done:
            self.message_user(request, str(done), messages.WARNING)
            return HttpResponseRedirect(reverse("admin:mentoring_groundrules_changelist"))
        except GroundRulesChanged as changed:
            self.message_user(request, str(changed), messages.WARNING)
            return self._confirm_publish(request, data)
        self.log_addition(request, saved, [{"added": {}}])
        self.message_user(
            request,
            f"Version {saved.version} published. Every pair in {programme} is asked to "
            "agree to it; they can go on logging meetings meanwhile.",
        )
        return HttpResponseRedirect(reverse("admin:mentoring_groundrules_changelist"))


class OpenFilter(YesNoFilter):
    title = "state"
    parameter_name = "open"
    field = "resolved_at__isnull"
    labels = ("Waiting for a decision", "Decided")


@admin.register(PairRequest)
class PairRequestAdmin(NothingEditedHere, ModelAdmin):
    """A member's private word with the office. Deciding to end the pairing tells both members
    only that it ended; continuing tells nobody anything."""

    # Nothing on the page is edited: a request is decided with the buttons above it, and a
    # save would undo a decision made meanwhile.
    acted_on = (
        "A request waiting for a decision is decided with the buttons at the top of this page."
    )
    list_display = ["kind", "raised_by", "pair", "programme", "created_at", "outcome"]
    list_filter = [OpenFilter, "kind", "match__programme"]
    # By either member of the pair (who raised it is one of them), name or address.
    search_fields = [
        "match__mentor__applicant__full_name",
        "match__mentor__applicant__email",
        "match__board_member__user__full_name",
        "match__board_member__email",
        "match__board_member__user__email",
    ]
    list_select_related = [
        "raised_by",
        "match__programme",
        "match__mentor__applicant",
        "match__board_member__user",
    ]
    fields = [
        "kind",
        "raised_by",
        "pair",
        "note",
        "created_at",
        "resolved_at",
        "resolved_by",
        "outcome",
    ]
    readonly_fields = fields
    actions = ["end_pairings", "continue_pairings"]

    def lookup_allowed(self, lookup, value, request=None):
        # The start page's link to the requests left in a closed programme
        # (mentoring.admin.start): by their programme's state, not a filter of the sidebar.
        if lookup == "match__programme__status__exact":
            return True
        return super().lookup_allowed(lookup, value, request)

    def get_queryset(self, request):
        # Never the requests of a pair the coordinator was in (`pairs_ever_in`): what their
        # partner told the office in confidence stays the office's. Left out here, they are
        # left out of the list, each request's page and the decisions alike.
        return requests_readable_by(request.user, super().get_queryset(request))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="pair")
    def pair(self, obj):
        return str(obj.match) if obj.match.is_active else f"{obj.match} (the pairing has ended)"

    @admin.display(description="programme", ordering="match__programme__name")
    def programme(self, obj):
        return obj.match.programme

    @admin.action(description="End the pairings of the selected requests…", permissions=["change"])
    def end_pairings(self, request, queryset):
        pending = _open_with_people(queryset)
        # Sorted before anything ends: ending a pair must not turn a concern about it into
        # one that only closes.
        concerns = [item for item in pending if item.left_open_by_ending]
        deciding = [item for item in pending if not item.left_open_by_ending]
        # Chosen on the confirmation page, "withdrawn" already ticked there.
        reason = request.POST.get("end_reason") or EndReason.WITHDRAWN
        # Each pair once; a concern may outlive its pair, which then only closes.
        pairs = {item.match_id: item.match for item in deciding}.values()
        active = [match for match in pairs if match.is_active]
        confirmed = request.POST.get("confirmed") == "yes" and reason in EndReason.values
        if confirmed and meetings_booked_since(active, meetings_shown(request)):
            self.message_user(request, MEETING_BOOKED_SINCE, messages.WARNING)
            confirmed = False
        if not confirmed:
            lists = _confirm_end_lists(
                active, [match for match in pairs if not match.is_active], concerns
            )
            return TemplateResponse(
                request,
                "admin/mentoring/pairrequest/confirm_end.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _end_title(active, deciding),
                    "requests": pending,
                    "active": active,
                    **lists,
                    "hidden": [("meetings_shown", item["pk"]) for item in lists["called_off"]],
                    # How the programme's report counts each ending: asked, not assumed.
                    "reasons": EndReason.choices,
                    "reason": reason if reason in EndReason.values else EndReason.WITHDRAWN,
                    "queryset": queryset,
                    "action": "end_pairings",
                    "back_url": reverse("admin:mentoring_pairrequest_changelist"),
                    "opts": self.model._meta,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        resolved = pair_requests_resolve(
            requests=deciding, by=request.user, end_pairing=True, reason=reason
        )
        if not resolved.closed and not concerns:  # decided meanwhile (a double click)
            self.message_user(request, NOTHING_WAITING, messages.WARNING)
            return None
        ended = len(resolved.ended)
        already = len(resolved.closed_already_ended)  # a concern may outlive its pair
        if ended or (not already and not concerns):
            pairings = f"{ended} pairing{pluralize(ended)}"
            told = told_of_the_end(resolved.ended, both="both members were told by email")
            self.message_user(request, f"{pairings} ended; {told}.")
        if already:
            self.message_user(request, _closed_only(already))
        if concerns:
            self.message_user(
                request,
                f"{len(concerns)} concern{pluralize(len(concerns))} left open, nobody emailed "
                f"about {'them' if len(concerns) > 1 else 'it'}: a concern is not a request to "
                "end. If a pairing should end over one, end it from the pair's own page.",
            )

    @admin.action(
        description="Decide the pairing continues (nobody is emailed)…", permissions=["change"]
    )
    def continue_pairings(self, request, queryset):
        """Close the requests, their pairings going on; one whose pairing has ended since is
        only closed, and the confirmation says so (the request page's "Close this
        request…")."""
        pending = _open_with_people(queryset)
        if not pending:  # decided already (a colleague, the "Decided" filter, a double click)
            self.message_user(request, NOTHING_WAITING, messages.WARNING)
            return None
        if request.POST.get("confirmed") != "yes":
            count = len(pending)
            requests = f"{count} request{pluralize(count)}"
            going_on = [item for item in pending if item.match.is_active]
            return TemplateResponse(
                request,
                "admin/confirm_changes.html",
                {
                    **self.admin_site.each_context(request),
                    "title": f"Close {requests} and continue "
                    f"{'its pairing' if count == 1 else 'their pairings'}?"
                    if going_on
                    else f"Close {requests} whose pairing has ended?",
                    "intro": "Each request below is closed: a pairing still active goes on as "
                    "it is; one that has ended since stays ended, and the request is only "
                    "closed. Nobody is emailed: the member who asked to end a pairing that "
                    "goes on reads so on their pair page, and their partner is told nothing. "
                    "A closed request cannot be reopened; the member can raise a new one.",
                    "changed": [
                        {
                            "name": f"{item.match}, {item.match.programme}",
                            "note": f"{item.raised_by} {item.get_kind_display().lower()}"
                            + ("" if item.match.is_active else "; the pairing has ended"),
                        }
                        for item in pending
                    ],
                    "unchanged": [],
                    "button": f"Yes, close {requests}; nobody is emailed",
                    "back_url": reverse("admin:mentoring_pairrequest_changelist"),
                    "queryset": queryset,
                    "action": "continue_pairings",
                    "opts": self.model._meta,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        resolved = pair_requests_resolve(requests=pending, by=request.user, end_pairing=False)
        if not resolved.closed:  # decided meanwhile (a double click)
            self.message_user(request, NOTHING_WAITING, messages.WARNING)
            return None
        already = len(resolved.closed_already_ended)
        decided = len(resolved.closed) - already
        if decided:
            requests = f"{decided} request{pluralize(decided)}"
            pairings = "the pairing continues" if decided == 1 else "the pairings continue"
            self.message_user(request, f"{requests} closed; {pairings}.")
        if already:
            self.message_user(request, _closed_only(already))


def _end_title(active: list, deciding: list) -> str:
    """The confirmation's question: pairings to end, or only requests to close, their
    pairings having ended since (a concern may outlive its pair), or nothing."""
    if active:
        return f"End {'this pairing' if len(active) == 1 else 'these pairings'}?"
    if deciding:
        count = len(deciding)
        return f"Close {count} request{pluralize(count)} whose pairing has ended?"
    return "No pairing to end"


# What a decision says when none of the requests it was asked of waits for one (decided
# meanwhile by a double click or a colleague, or chosen from the "Decided" filter): nothing
# ended, nobody emailed.
NOTHING_WAITING = (
    "Nothing was changed and nobody was emailed: none of those requests is waiting for a "
    "decision now."
)


# What "Yes" to ending pairs says when a meeting was booked after its page was shown: the
# page again, naming it (`meetings_booked_since`).
MEETING_BOOKED_SINCE = (
    "Nothing was changed: a meeting was booked since that page was shown, and ending the "
    "pairing calls it off too. Here is the page again, with it."
)


def meetings_shown(request) -> set[int]:
    """The meetings a confirmation of ending pairs listed as called off."""
    return {
        number
        for value in request.POST.getlist("meetings_shown")
        if (number := posted_number(value)) is not None
    }


def _closed_only(count: int) -> str:
    """What deciding says of the requests it only closed, their pairing having ended."""
    return (
        f"{count} request{pluralize(count)} closed whose pairing had already ended; nobody "
        f"was emailed about {'them' if count > 1 else 'it'}."
    )


def _confirm_end_lists(active, ended, concerns) -> dict:
    """The lists of the confirmation before requests end their pairings, worded for
    admin/includes/confirm_list.html: the pairs whose members are emailed, the meetings
    called off, the pairings ended already and the concerns left open."""
    # Each person once, at their account's address, which the email goes to
    # (`_send_pairs_ended`), as the pairs list's confirmation names them.
    recipients = pair_recipients(active)
    return {
        "active_count": f"{len(recipients)} {pluralize(len(recipients), 'person,people')}",
        "recipients": recipients,
        "called_off": meetings_called_off(active),
        "ended": [{"name": f"{match}, {match.programme}"} for match in ended],
        "concerns": [
            {
                "name": f"{item.match}, {item.match.programme}",
                "note": f"raised by {item.raised_by}.",
                "url": reverse("admin:mentoring_match_change", args=[item.match_id]),
                "link": "Open the pair",
            }
            for item in concerns
        ],
    }


def health_queryset(queryset, *, reader):
    """Active pairs with the figures programme health shows: one query, subqueries only.
    A pair's open request is one `reader` may open (`requests_readable_by`)."""
    meetings = Meeting.objects.filter(match=OuterRef("pk"))
    # One moment for both: a meeting starting now counts as met, not as booked.
    now = timezone.now()
    held = meetings.filter(status=MeetingStatus.HELD)
    cancelled = meetings.filter(status=MeetingStatus.CANCELLED)
    agreed = GroundRulesAgreement.objects.to_the_latest().filter(match=OuterRef("pk"))
    return (
        queryset.filter(status=MatchStatus.ACTIVE)
        # The people too: the changelist skips list_select_related once a queryset has any.
        .select_related("programme", "mentor__applicant", "board_member__user")
        .annotate(
            held_count=counted(held, "match"),
            # Met as the pair's pages and reminders count it (`Meeting.counts_as_met`).
            last_met=Subquery(
                meetings.met(now)
                .order_by()
                .values("match")
                .annotate(m=Max("starts_at"))
                .values("m")
            ),
            # Booked as the pair's pages and reminders count it (`Meeting.is_booked`).
            next_booked=Subquery(
                meetings.booked(now)
                .order_by()
                .values("match")
                .annotate(m=Min("starts_at"))
                .values("m")
            ),
            cancelled_by_mentor=counted(
                cancelled.filter(cancelled_by=OuterRef("mentor__applicant")), "match"
            ),
            cancelled_by_board_member=counted(
                cancelled.filter(cancelled_by=OuterRef("board_member__user")), "match"
            ),
            rules_agreed=Exists(agreed.filter(person=OuterRef("mentor__applicant")))
            & Exists(agreed.filter(person=OuterRef("board_member__user"))),
            open_request=Exists(
                requests_readable_by(reader, PairRequest.objects.open()).filter(
                    match=OuterRef("pk")
                )
            ),
        )
    )


def state_of_row(row, today) -> PairState:
    """The same rule as the pair page (mentoring.cadence.pair_state), from the annotations."""
    anchor = row.last_met or row.activated_at
    return pair_state(
        today,
        anchor=timezone.localdate(anchor),
        next_booked=timezone.localdate(row.next_booked) if row.next_booked else None,
        gap_min_weeks=row.programme.gap_min_weeks,
        gap_max_weeks=row.programme.gap_max_weeks,
        first=row.last_met is None,
        programme_closed=row.programme.has_ended,
    )


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [(state.value, state.label) for state in PairState]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        today = timezone.localdate()
        wanted = [row.pk for row in queryset if state_of_row(row, today) == self.value()]
        return queryset.filter(pk__in=wanted)


class RulesAgreedFilter(YesNoFilter):
    title = "ground rules agreed by both"
    parameter_name = "rules"
    field = "rules_agreed"


class OpenRequestFilter(YesNoFilter):
    title = "open request or concern"
    parameter_name = "request"
    field = "open_request"


class CancellationsFilter(admin.SimpleListFilter):
    title = "cancellations"
    parameter_name = "cancelled"

    def lookups(self, request, model_admin):
        return [
            ("mentor", "Some by the mentor"),
            ("board_member", "Some by the board member"),
            ("none", "None"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "mentor":
            return queryset.filter(cancelled_by_mentor__gt=0)
        if self.value() == "board_member":
            return queryset.filter(cancelled_by_board_member__gt=0)
        if self.value() == "none":
            return queryset.filter(cancelled_by_mentor=0, cancelled_by_board_member=0)
        return queryset


@admin.register(PairHealth)
class PairHealthAdmin(UnfilteredByWhatPairsWrote, ModelAdmin):
    """Per active pair: meetings held, last met, next booked, cancellations by each side,
    ground rules, state and open requests. Counts for the programme at the top."""

    change_list_template = "admin/mentoring/pairhealth/change_list.html"
    count_noun = "active pair"  # not "5 programme health"
    # Where each pair stands first, so that it shows on a laptop's screen without scrolling
    # sideways; the programme (a filter too) last.
    list_display = [
        "pair",
        "state",
        "request",
        "held",
        "last_met_on",
        "next_booked_on",
        "cancelled_mentor",
        "cancelled_board_member",
        "rules",
        "programme",
    ]
    list_display_links = None
    list_filter = [
        "programme",
        StateFilter,
        RulesAgreedFilter,
        OpenRequestFilter,
        CancellationsFilter,
    ]
    search_fields = [
        "mentor__applicant__full_name",
        "mentor__applicant__email",
        "board_member__user__full_name",
        "board_member__email",
        "board_member__user__email",
    ]
    list_select_related = ["programme", "mentor__applicant", "board_member__user"]
    list_per_page = 100

    def get_queryset(self, request):
        return health_queryset(super().get_queryset(request), reader=request.user)

    def has_view_permission(self, request, obj=None):
        # The list is the whole view. A pair's own page would show every field of Match,
        # the pair's confidential purpose included.
        return obj is None and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    # The one way a programme is chosen here, which its counts read too.
    programme_lookup = "programme__id__exact"

    def refused_lookup(self, lookup: str) -> str:
        if lookup.split("__")[0] in ("programme", "programme_id") and (
            lookup != self.programme_lookup
        ):
            # `?programme=` would narrow the rows but not the counts above them.
            return "Choose a programme with the list's own filter. All programmes are shown."
        return super().refused_lookup(lookup)

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": "Programme health", **(extra_context or {})}
        response = super().changelist_view(request, extra_context)
        if hasattr(response, "context_data") and "cl" in response.context_data:
            today = timezone.localdate()
            # The programme's counts, whatever the other filters show.
            rows = response.context_data["cl"].root_queryset
            if programme := request.GET.get(self.programme_lookup):
                number = posted_number(programme, max_digits=9)
                rows = rows.none() if number is None else rows.filter(programme_id=number)
            counts = dict.fromkeys(PairState, 0)
            for row in rows:
                counts[state_of_row(row, today)] += 1
            response.context_data["state_counts"] = [
                (state.label, counts[state]) for state in PairState
            ]
            response.context_data["pair_count"] = sum(counts.values())
        return response

    @admin.display(description="pair")
    def pair(self, obj):
        """The pair, linked to its page (its dates and people; never what it discusses)."""
        return format_html(
            '<a href="{}">{} and {}</a>',
            reverse("admin:mentoring_match_change", args=[obj.pk]),
            obj.mentor.applicant.full_name,
            obj.board_member,
        )

    @admin.display(description="meetings held", ordering="held_count")
    def held(self, obj):
        return obj.held_count

    @admin.display(description="last met", ordering="last_met")
    def last_met_on(self, obj):
        return timezone.localdate(obj.last_met) if obj.last_met else "-"

    @admin.display(description="next booked", ordering="next_booked")
    def next_booked_on(self, obj):
        return timezone.localdate(obj.next_booked) if obj.next_booked else "-"

    @admin.display(description="cancelled by mentor", ordering="cancelled_by_mentor")
    def cancelled_mentor(self, obj):
        return obj.cancelled_by_mentor

    @admin.display(description="cancelled by board member", ordering="cancelled_by_board_member")
    def cancelled_board_member(self, obj):
        return obj.cancelled_by_board_member

    @admin.display(description="rules agreed", boolean=True)
    def rules(self, obj):
        return obj.rules_agreed

    @admin.display(description="state")
    def state(self, obj):
        return state_of_row(obj, timezone.localdate()).label

    @admin.display(description="request or concern")
    def request(self, obj):
        """A request or concern waiting for a decision, linked to the pair's requests."""
        if not obj.open_request:
            return "-"
        return format_html(
            '<a href="{}">Waiting for a decision</a>',
            office_list_url("mentoring.pairrequest", match__id__exact=obj.pk, open="yes"),
        )


def _open_with_people(queryset) -> list:
    """The open requests of `queryset`, with who raised them and the pair's people and
    programme, as the decisions name them."""
    return list(
        queryset.open().select_related(
            "raised_by",
            "match__programme",
            "match__mentor__applicant",
            "match__board_member__user",
        )
    )
