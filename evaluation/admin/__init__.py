"""The programme office's side of evaluation: surveys and their questions, and results that
protect each person.

Responses, answers and participations are deliberately not registered: nothing per response
or per person is reachable here. The office sees aggregates only, under the rules of
evaluation.results, and finds out who has not answered by not needing to: reminders ask them.
"""

from evaluation.admin.surveys import SurveyAdmin

__all__ = ["SurveyAdmin"]
