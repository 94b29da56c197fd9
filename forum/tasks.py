from celery import shared_task
from django.db import OperationalError

from community import events

from . import services


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5, handoff_atomic=True)
def add_views(*, counts: dict[str, int]) -> int:
    """Add the views a web process counted ("q:<id>" or "a:<id>" -> number of views); handed off with
    `handoff_atomic`, the views and the hand-off's "done" commit together, so no message counts twice."""
    return services.add_views(counts={key: int(n) for key, n in counts.items()})


@shared_task(
    acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, retry_backoff_max=300, max_retries=5
)
def sync_article(*, event_type: str, event: dict) -> None:
    """Bring the question's knowledge-base article in line with its current state (after an accept, an
    unaccept, an edit, a deletion or a move): derived from the state, so a repeat changes nothing."""
    happened = events.rebuild(event_type, event)
    if isinstance(happened, events.QuestionStateChanged) and happened.change != "moved":
        return
    services.sync_article(question_id=happened.question_id)


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, retry_backoff_max=30, max_retries=5)
def answer_instantly(*, event_type: str, event: dict) -> None:
    """The automatic first reply to a question just asked (handed off with QuestionAsked): at most one per
    question, whatever repeats, because the reply is a row the database keeps to one."""
    asked = events.rebuild(event_type, event)
    services.answer_instantly(question_id=asked.question_id)
