from functools import partial

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from accounts import bounds
from accounts.bounds import IdChoiceField, IdsChoiceField
from mentoring.availability import describe
from mentoring.eligibility import MIN_STATEMENT_LENGTH, QUESTIONS
from mentoring.forms.fields import (
    AvailabilityField,
    AvailabilityGrid,
    YesNoField,
)
from mentoring.line_manager import line_manager_problem
from mentoring.models import Audience, Event, Grade, MentorApplication, Programme, Theme
from mentoring.models.applications import ANSWER_FIELDS, missing_answers
from mentoring.moments import long_moment, zone_in_words

# What to say about each answer the completeness rule (NEEDED_TO_SEND) finds missing;
# the statement's message, which counts characters, is written in `require_complete`.
MISSING = {
    **{name: f"Please answer {question}." for name, question in QUESTIONS.items()},
    "conflict_details": "Please describe the conflict of interest in a sentence or two.",
    "department": "Tell us which department you work in.",
    "grade": "Choose your grade or level.",
    "themes": "Choose at least one theme you care about.",
    "learning_style": "Choose how you like to learn.",
    "interaction_approach": "Choose the approach that sounds most like you.",
    "availability": "Tick at least one time when you could usually meet.",
    "bio": "Write a few lines about yourself for the board member you will mentor.",
    "qualities_reflection": "Write a short reflection on the key qualities.",
    "line_manager_name": "Give your line manager's name.",
    "line_manager_email": "Give your line manager's email so we can ask them.",
}


# How many of the next mentor briefings' times the application's briefing question lists.
BRIEFING_TIMES_LISTED = 3


def _briefings_to_come(programme: Programme) -> SafeString:
    """When the programme's next mentor briefings are, beside the question that asks whether
    the applicant will come to one: the events page lists them only once the application is
    sent. One line per time, its briefings joined there (`_briefings_at`), so two at the same
    hour in two rooms read as one time with two places."""
    ahead = (
        programme.events.briefings()
        .going_ahead()
        .upcoming()
        .filter(audience__in=[Audience.MENTORS, Audience.JOINT])
    )
    times = ahead.order_by("starts_at").values("starts_at").distinct()[:BRIEFING_TIMES_LISTED]
    coming = (
        ahead.filter(starts_at__in=times)
        .order_by("starts_at", "pk")
        .values_list("starts_at", "title", "location", "online_url")
    )
    by_time: dict[str, list[tuple[str, str, str]]] = {}
    for starts_at, *named in coming:
        by_time.setdefault(long_moment(starts_at), []).append(named)
    if not by_time:
        if not programme.is_recruiting:
            return SafeString(Event.NONE_SCHEDULED_WHILE_CLOSED_SAID)
        return SafeString(Event.NONE_SCHEDULED_BEFORE_APPLYING_SAID)
    # Closed, a draft can be kept but not sent, and a place follows only a sent application.
    booking = (
        "You book your place once you have sent your application."
        if programme.is_recruiting
        else "Once recruitment reopens and you have sent your application, you can book a place."
    )
    # Several times, every briefing at them online only: said once, not on every line.
    listed = [named for at_one_time in by_time.values() for named in at_one_time]
    all_online = len(by_time) > 1 and all(url and not place for _, place, url in listed)
    online_said = all_online and any("online" not in title.lower() for title, *_ in listed)
    lines = [
        format_html("{}: {}", when, _briefings_at(named, online_said=online_said))
        for when, named in by_time.items()
    ]
    if len(lines) == 1:
        said = format_html(
            "The next mentor briefing{} on {}.",
            "s are" if len(next(iter(by_time.values()))) > 1 else " is",
            lines[0],
        )
    else:
        items = format_html_join("", "<li>{}</li>", ((line,) for line in lines))
        said = format_html(
            'The next mentor briefings{} are on:<ul class="mb-1">{}</ul>',
            ", all online," if online_said else "",
            items,
        )
    return format_html("{} Times are {}. {}", said, zone_in_words(), booking)


def _briefings_at(briefings: list[tuple[str, str, str]], *, online_said: bool = False) -> str:
    """The briefings at one time, each title once with its places, titles in the same places
    said together: "Mentor briefing in Room 1.01 or Room 2.02"; "Briefing A or Briefing B,
    online". "online" only where neither the title nor the list (`online_said`) says it
    already."""
    places: dict[str, list[str]] = {}
    online: dict[str, bool] = {}
    for title, location, online_url in briefings:
        places.setdefault(title, [])
        if location and location not in places[title]:
            places[title].append(location)
        online[title] = online.get(title, False) or bool(online_url)
    titles_in: dict[tuple[str, ...], list[str]] = {}
    for title, locations in places.items():
        if online[title] and not online_said and "online" not in title.lower():
            locations = [*locations, "online"]
        titles_in.setdefault(tuple(locations), []).append(title)
    said = []
    for locations, titles in titles_in.items():
        named = format_html_join(" or ", "{}", ((title,) for title in titles))
        if not locations:
            said.append(named)
        elif locations == ("online",):
            said.append(format_html("{}, online", named))
        else:
            said.append(format_html("{} in {}", named, " or ".join(locations)))
    return format_html_join("; or ", "{}", ((one,) for one in said))


class MentorApplicationForm(forms.ModelForm):
    """Every field is optional for a draft; `require_complete` asks for the rest."""

    can_commit_time = YesNoField(
        label="Can you commit time to the programme?",
        help_text="About an hour every few weeks, a half-day briefing and a closing group session.",
    )
    flexible_availability = YesNoField(label="Is your availability flexible?")
    will_attend_briefing = YesNoField(
        label="Have you attended, or will you attend, the mentor briefing?"
    )
    has_experiences = YesNoField(
        label="Is there something about working here, from your own experience or point of "
        "view, that you would talk about with a senior leader?"
    )
    has_conflict = YesNoField(
        label="Do you have a current conflict of interest with the organisation or its "
        "senior leadership?",
        help_text="For example, a formal grievance or a tribunal claim in progress.",
    )
    themes = IdsChoiceField(
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Which themes do you care about most?",
    )
    availability = AvailabilityField(
        label="When could you usually meet?",
        help_text="Tick every time that usually works. Meetings last about an hour.",
    )

    class Meta:
        model = MentorApplication
        fields = [*ANSWER_FIELDS[:9], "themes", *ANSWER_FIELDS[9:]]
        field_classes = {"grade": IdChoiceField}
        labels = {
            "experience_statement": "In a few sentences, what would you bring?",
            "conflict_details": "If yes, please describe the conflict of interest",
            "department": "Department",
            "grade": "Grade or level",
            "learning_style": "How do you like to learn?",
            "interaction_approach": "Which approach sounds most like you in a conversation?",
            "bio": "A short bio for the board member you will mentor",
            "qualities_reflection": "Which of the key qualities of a mentor do you recognise in "
            "yourself, and which would you like to grow?",
            "line_manager_name": "Your line manager's name",
            "line_manager_email": "Your line manager's email address",
        }
        help_texts = {
            "department": "Sending your application makes this your account's department too, "
            "the one the board member you mentor sees.",
            "experience_statement": "Needed if you answered yes: at least "
            f"{MIN_STATEMENT_LENGTH} characters. Share only "
            "what you choose to. We do not ask about, or use, personal characteristics such as "
            "ethnicity, health or religion.",
            "bio": "The board member you mentor sees this and the themes you choose once you "
            "are matched, with the name, job title and department of your account; nothing else "
            "from your application is shared with them.",
            "line_manager_email": "We ask your line manager to agree, because the meetings "
            "happen in work time.",
        }
        widgets = {
            "experience_statement": forms.Textarea(attrs={"rows": 4}),
            "conflict_details": forms.Textarea(attrs={"rows": 2}),
            "learning_style": forms.RadioSelect,
            "interaction_approach": forms.RadioSelect,
            "bio": forms.Textarea(attrs={"rows": 3}),
            "qualities_reflection": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, programme: Programme, applicant, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.applicant = applicant
        self.fields["themes"].queryset = programme.themes.all()
        self.fields["grade"].queryset = Grade.objects.all()
        self.fields["grade"].empty_label = "Choose your grade"
        for name in ("learning_style", "interaction_approach"):
            # RadioSelect shows the blank choice as an option; a draft may leave it unset.
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]
            self.fields[name].required = False
        for name in ("department", "bio", "qualities_reflection", "experience_statement"):
            self.fields[name].required = False
        if not programme.line_manager_agreement:
            del self.fields["line_manager_name"]
            del self.fields["line_manager_email"]
        for field in self.fields.values():
            # Optional while drafting, but every answer is needed to submit.
            field.needed_to_submit = True
        # Read when the page draws it, once: not for a save that redirects, nor for the
        # sent application read back (`answers_to_read` uses the labels only).
        self.fields["will_attend_briefing"].help_text = SimpleLazyObject(
            partial(_briefings_to_come, programme)
        )
        bounds.state_limits(self)
        self.helper = self._helper()

    def _helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        helper.template = "mentoring/includes/application_form.html"
        sections = [
            Fieldset(
                "Can you take part?",
                "can_commit_time",
                "flexible_availability",
                "will_attend_briefing",
                "has_experiences",
                "experience_statement",
                "has_conflict",
                "conflict_details",
            ),
            Fieldset(
                "About you, for matching",
                HTML(
                    '<p class="text-body-secondary">Coordinators use these answers to suggest '
                    "a good match. We never ask for special-category data.</p>"
                ),
                "department",
                "grade",
                "themes",
                "learning_style",
                "interaction_approach",
                AvailabilityGrid("availability"),
                "bio",
                "qualities_reflection",
            ),
        ]
        if self.programme.line_manager_agreement:
            sections.append(
                Fieldset("Your line manager", "line_manager_name", "line_manager_email")
            )
        helper.layout = Layout(*sections)
        return helper

    def clean(self):
        cleaned = super().clean()
        # A "Yes" to a conflict without its description is an answer still missing (the
        # completeness rule, asked for on sending), not one refused: the draft keeps it.
        problem = line_manager_problem(
            applicant=self.applicant,
            manager_email=cleaned.get("line_manager_email", ""),
        )
        if problem:
            self.add_error("line_manager_email", problem)
        return cleaned

    def require_complete(self) -> bool:
        """After a valid draft: does it meet the completeness rule (NEEDED_TO_SEND), so that
        it can be sent? Marks each missing answer beside its question."""
        cleaned = self.cleaned_data
        missing = missing_answers(
            cleaned,
            has_themes=bool(cleaned.get("themes")),
            needs_line_manager=self.programme.line_manager_agreement,
        )
        for name in missing:
            if name in self.errors:
                continue
            if name == "experience_statement":
                self.add_error(name, self._statement_too_short(cleaned.get(name, "")))
            else:
                self.add_error(name, MISSING[name])
        return not self.errors

    def refused(self) -> list[str]:
        """The questions whose answers were refused as they stand (too long, not a valid
        choice…): left out of the draft, and kept on the page to fix. Read before
        `require_complete`, which adds the answers missing."""
        return [self.fields[name].label for name in self.errors if name in self.fields]

    @staticmethod
    def _statement_too_short(statement: str) -> str:
        written = bounds.visible_length(statement)
        if not written:
            return (
                f"Write at least {MIN_STATEMENT_LENGTH} characters about the experiences or "
                "perspectives you would bring."
            )
        return f"Write at least {MIN_STATEMENT_LENGTH} characters (you have written {written})."

    def answers_to_read(self) -> list[tuple[str, str]]:
        """The saved answers in words, question by question, for the applicant to read back
        once the form is locked."""
        application = self.instance
        rows = []
        for name, field in self.fields.items():
            if name == "themes":
                text = ", ".join(theme.name for theme in application.themes.all())
            elif name == "availability":
                text = describe(application.availability)
            elif isinstance(field, YesNoField):
                text = {True: "Yes", False: "No"}.get(getattr(application, name), "")
            elif name in ("learning_style", "interaction_approach"):
                text = getattr(application, f"get_{name}_display")()
            else:
                text = str(getattr(application, name) or "")
            if name == "conflict_details" and not application.has_conflict:
                continue
            rows.append((field.label, text or "Not answered"))
        return rows

    def answers(self) -> dict:
        """The cleaned answers, for the draft (themes separately: they are many-to-many)."""
        return {
            name: self.cleaned_data.get(name)
            for name in ANSWER_FIELDS
            if name in self.fields and name in self.cleaned_data
        }


class LineManagerAnswerForm(bounds.LimitedForm):
    decision = forms.TypedChoiceField(
        label="Do you agree to your colleague taking part?",
        choices=[("yes", "Yes, I agree"), ("no", "No, I do not agree")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you agree."},
    )
    reason = forms.CharField(
        label="Reason (needed if you do not agree)",
        required=False,
        max_length=bounds.SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The programme office reads it; your colleague sees your answer.",
    )

    def __init__(self, *args, office_emailed_on_yes: bool, **kwargs):
        """`office_emailed_on_yes`: whether "Yes" emails the programme office
        (`line_manager_agreement_emails_office`), said beneath the choice with its being
        final."""
        super().__init__(*args, **kwargs)
        # Its label says when it is needed: not marked "(optional)".
        self.fields["reason"].needed_to_submit = True
        self.fields["decision"].help_text = "You cannot change your answer once it is sent. " + (
            "If you agree, the programme office is told by email, so that they can decide "
            "the application."
            if office_emailed_on_yes
            else "The programme office sees it when they decide the application."
        )

    def clean(self):
        cleaned = super().clean()
        # A reason given but too long already has its message.
        missing = not cleaned.get("reason", "").strip() and "reason" not in self.errors
        if cleaned.get("decision") is False and missing:
            self.add_error(
                "reason", "Please give a reason, so that the programme office can follow up."
            )
        return cleaned
