"""Ready-made surveys, written for this project: the end-of-pilot evaluation and a short
mid-point pulse. A coordinator starts from one and edits it before it opens."""

from evaluation.models import QuestionKind, SurveyAudience
from evaluation.services import Template

L, ONE, SEVERAL, SCALE, TEXT = (
    QuestionKind.LIKERT,
    QuestionKind.SINGLE,
    QuestionKind.MULTIPLE,
    QuestionKind.SCALE,
    QuestionKind.TEXT,
)

PILOT_EVALUATION = Template(
    key="pilot",
    title="Pilot evaluation",
    audience=SurveyAudience.BOTH,
    # About "my partner" and "our meetings": only someone who was in a pair can answer it.
    pairs_only=True,
    introduction=(
        "This survey helps us decide how the programme continues. Your answers are "
        "anonymous: we record that you answered, separately from what you said, and we only "
        "show results for groups large enough that nobody can be picked out."
    ),
    questions=[
        ("My partner and I built a relationship of trust.", L, [], True),
        ("I felt able to say what I really thought in our meetings.", L, [], True),
        ("We kept to the ground rules we agreed, confidentiality included.", L, [], True),
        (
            "I understand more about how race and power shape people's experience at work.",
            L,
            [],
            True,
        ),
        ("The pairing changed something I do, or a decision I take part in.", L, [], True),
        (
            "How many times did you meet?",
            ONE,
            ["Once", "2 or 3 times", "4 or 5 times", "6 times or more"],
            True,
        ),
        (
            "Which of these came out of your meetings?",
            SEVERAL,
            [
                "A change to how I lead or manage",
                "A change to a policy or a process",
                "A conversation I would not otherwise have had",
                "A new contact or network",
                "Nothing yet",
            ],
            False,
        ),
        ("The briefing prepared me well for the role.", L, [], True),
        ("The programme office supported us when we needed it.", L, [], True),
        ("Meeting every 6 to 8 weeks was about right.", L, [], True),
        ("How likely are you to recommend the programme to a colleague?", SCALE, [], True),
        ("What was the most useful thing you learnt?", TEXT, [], False),
        ("What should we change before the next cohort?", TEXT, [], False),
    ],
)

PULSE = Template(
    key="pulse",
    title="Mid-point pulse",
    audience=SurveyAudience.BOTH,
    # About "our meetings" and "the pairing": nobody without a pair can answer it.
    pairs_only=True,
    introduction="Three quick questions, halfway through. Anonymous, like every survey here.",
    questions=[
        ("Our meetings are worth the time we give them.", L, [], True),
        ("How confident are you that the pairing will lead to change?", SCALE, [], True),
        ("Is there anything the programme office could do to help?", TEXT, [], False),
    ],
)

TEMPLATES = {template.key: template for template in (PILOT_EVALUATION, PULSE)}
