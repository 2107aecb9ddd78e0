"""Fetch a survey for the person answering, or answer 404: the one place that decides."""

from dataclasses import dataclass

from django.http import Http404

from evaluation.audience import role_for, sides_read, survey_read_for
from evaluation.models import Survey, SurveyAudience


@dataclass(frozen=True)
class SurveyForPerson:
    survey: Survey
    # The role in which the survey asks them; None when it asks the other group of their
    # programme (mentors rather than board members, or the other way round).
    role: str | None
    # Whether they have answered it (read with it).
    answered: bool


def survey_for_person(person, pk: int) -> SurveyForPerson:
    """A survey of one of the person's programmes. Any other survey, of a programme they
    are not in (coordinators and superusers included), is a 404 as if it did not exist.

    A survey only for people in a pair is a 404 to anyone not in one during it, and any
    survey to someone who joined the programme after it closed: it is not theirs to answer,
    nor to hear of.

    A survey for the other group of their own programme is not hidden: its existence is no
    secret to someone in the programme (the same people meet at its events), and a link
    forwarded by a colleague deserves "this one is for board members" rather than "not
    found". So it is returned with no role, and the page says who it is for.
    """
    survey = survey_read_for(person, pk)  # with their sides in its programme: one read
    if survey is None:
        raise Http404("No such survey.")
    sides = sides_read(survey)
    role = role_for(survey, **sides)
    if role is None:
        # In the programme at all (in a pair during it, for a survey only for people in a
        # pair): would this survey ask them if it were for both groups?
        everyone = Survey(
            programme_id=survey.programme_id,
            audience=SurveyAudience.BOTH,
            pairs_only=survey.pairs_only,
            opens_at=survey.opens_at,
            closes_at=survey.closes_at,
        )
        if role_for(everyone, **sides) is None:
            raise Http404("No such survey.")
    return SurveyForPerson(survey, role, survey.answered)
