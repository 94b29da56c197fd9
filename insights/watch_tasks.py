"""The watch lists' Celery task: each new or changed post is matched in the worker, handed off durably."""

from celery import shared_task
from django.db import OperationalError

from community import events

from .services import watch

# Posts that become public or change: each is matched once per list (the hit is unique).
WATCHED_EVENTS = (
    events.QuestionAsked,
    events.AnswerPosted,
    events.ReplyPosted,
    events.PostEdited,
    events.PostApproved,
)


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, retry_backoff_max=60, max_retries=5)
def match_watch_lists(*, event_type: str, event: dict) -> int:
    """Match the event's post against the active watch lists; a repeat finds the hits made and adds none."""
    post = watch.post_of(events.rebuild(event_type, event))
    if post is None:
        return 0
    kind, object_id = post
    return len(watch.match_post(kind=kind, object_id=object_id))


def connect() -> None:
    for event_type in WATCHED_EVENTS:
        events.subscribe_task(event_type, match_watch_lists)
