"""Answers that mentors and board members both give, and that matching compares.

No special-category data (ethnicity, health, religion...) is asked for anywhere.
"""

from django.db import models


class LearningStyle(models.TextChoices):
    # After Honey and Mumford's four learning styles.
    ACTIVIST = "activist", "By doing: trying things out and learning from what happens"
    REFLECTOR = "reflector", "By reflecting: listening, observing and thinking it over"
    THEORIST = "theorist", "By understanding: the ideas and evidence behind things"
    PRAGMATIST = "pragmatist", "By applying: seeing how something works in practice"


class InteractionApproach(models.TextChoices):
    DIRECT = "direct", "Direct: says what they think, plainly"
    DIPLOMATIC = "diplomatic", "Diplomatic: builds up to difficult points with care"
    QUESTIONING = "questioning", "Questioning: asks questions to help others think"
    STORYTELLING = "storytelling", "Storytelling: shares experiences to make a point"
