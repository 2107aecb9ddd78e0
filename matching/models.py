from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.db.models.lookups import Exact
from django.utils import timezone

from matching.scoring import CRITERIA, DEFAULT_WEIGHTS, Weight
from mentoring.models import Programme


class ConflictOfInterest(models.Model):
    """A recorded reason why two people must never be paired, whatever the programme."""

    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    board_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    note = models.CharField(
        max_length=300, help_text="Why, in a few words (only coordinators see it)."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "conflict of interest"
        verbose_name_plural = "conflicts of interest"
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "board_member"],
                name="conflict_once_per_pair",
                violation_error_message="This conflict of interest is already recorded.",
            ),
            models.CheckConstraint(
                condition=~Q(mentor=models.F("board_member")),
                name="conflict_between_two_people",
                violation_error_message="A conflict of interest is between two different people.",
            ),
        ]

    def __str__(self):
        return f"{self.mentor} / {self.board_member}"


def _weight_field(criterion: str, label: str) -> models.CharField:
    return models.CharField(
        label, max_length=10, choices=Weight.choices, default=DEFAULT_WEIGHTS[criterion]
    )


class MatchingSettings(models.Model):
    """How a programme matches: criterion weights and the hard rules coordinators may relax."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="matching_settings"
    )
    themes_weight = _weight_field("themes", "shared themes")
    learning_styles_weight = _weight_field("learning_styles", "complementary learning styles")
    interaction_approaches_weight = _weight_field(
        "interaction_approaches", "complementary interaction approaches"
    )
    availability_weight = _weight_field("availability", "overlapping availability")
    departments_weight = _weight_field("departments", "different departments")
    block_same_department = models.BooleanField(
        "never pair people from the same department", default=True
    )
    block_repeat_pairs = models.BooleanField(
        "never pair two people who were paired in an earlier cohort", default=True
    )
    mentor_capacity = models.PositiveSmallIntegerField(
        "board members per mentor", default=1, help_text="How many active pairs a mentor may have."
    )

    class Meta:
        verbose_name = "matching settings"
        verbose_name_plural = "matching settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(mentor_capacity__gte=1, mentor_capacity__lte=5),
                name="matching_mentor_capacity_1_to_5",
                violation_error_message="A mentor can have between 1 and 5 board members.",
            )
        ]

    def __str__(self):
        return f"Matching settings for {self.programme}"

    def clean(self):
        super().clean()
        # Mandatory blocks two people of one department whatever this box says: unticked
        # beside it, the settings would promise pairs the board never offers.
        if not self.block_same_department and self.departments_weight == Weight.MANDATORY:
            raise ValidationError(
                {
                    "block_same_department": "“Different departments” is weighed Mandatory, "
                    "which never pairs two people of one department: keep this ticked, or "
                    "weigh it High or lower to allow such pairs."
                }
            )

    @property
    def weights(self) -> dict[str, Weight]:
        return {criterion: Weight(getattr(self, f"{criterion}_weight")) for criterion in CRITERIA}

    @classmethod
    def for_programme(cls, programme: Programme) -> "MatchingSettings":
        settings_, _ = cls.objects.get_or_create(programme=programme)
        return settings_

    @classmethod
    def for_programmes(cls, programme_ids) -> dict[int, "MatchingSettings"]:
        """Each programme's settings by its id: one query once they all have theirs (a
        programme without any gets the defaults, saved, as `for_programme` does)."""
        found = {s.programme_id: s for s in cls.objects.filter(programme_id__in=programme_ids)}
        for missing in set(programme_ids) - set(found):
            found[missing], _ = cls.objects.get_or_create(programme_id=missing)
        return found


def themes_mandatory(programme: OuterRef) -> Exact:
    """Whether the programme's matching blocks a pair sharing no theme (themes weighed
    Mandatory): a board member's profile then asks for one (registered with mentoring as
    `THEMES_NEEDED`, which reads it with the board member, or alone). In SQL, of the
    programme whose id `programme` refers to; the defaults for a programme with no settings
    yet (or no weight)."""
    weight = MatchingSettings.objects.filter(programme_id=programme).values("themes_weight")
    default = Value(DEFAULT_WEIGHTS["themes"].value)
    weighed = Coalesce(NullIf(Subquery(weight[:1]), Value("")), default)
    return Exact(weighed, Weight.MANDATORY.value)
