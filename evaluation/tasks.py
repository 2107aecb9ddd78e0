from celery import shared_task

from evaluation.services import closed_ballots_open as ballots_open
from evaluation.services import surveys_count_invited as count_invited
from evaluation.services import surveys_mark_asked as mark_asked


@shared_task(name="evaluation.tasks.surveys_count_invited", ignore_result=True)
def surveys_count_invited() -> int:
    """Celery beat runs this every minute: each survey asking now keeps that it has asked
    (`Survey.has_asked`), and each that has just closed keeps how many people it asked, for
    its response rate. Returns how many surveys were counted."""
    mark_asked()
    return count_invited()


@shared_task(name="evaluation.tasks.closed_ballots_open", ignore_result=True)
def closed_ballots_open() -> int:
    """Celery beat runs this every five minutes: the sealed answers of each survey that has
    closed become its responses, all at once and shuffled. Returns how many were opened."""
    return ballots_open()
