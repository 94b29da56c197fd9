"""Celery tasks of insights: thin, idempotent; the mood tasks take event values (handed off durably by the
events bus), the rollups run from beat."""

from datetime import timedelta

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from community import events

from .models import PostMood
from .services import mood, rollups


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def roll_up_yesterday() -> None:
    """The nightly rollup: yesterday complete (and today, so the dashboard starts fresh)."""
    today = timezone.localdate()
    rollups.roll_up_day(today - timedelta(days=1))
    rollups.roll_up_day(today)


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def roll_up_today() -> None:
    """Today so far, so the dashboard is at most a quarter of an hour behind."""
    rollups.roll_up_day(timezone.localdate())


def _post_of(event) -> tuple[str, int] | None:
    if hasattr(event, "object_id"):  # moderation's events name the post directly, ideas' posts included
        return (event.kind, event.object_id) if event.kind in PostMood.Kind.values else None
    if getattr(event, "reply_id", None) is not None:
        return PostMood.Kind.REPLY, event.reply_id
    if getattr(event, "answer_id", None) is not None:
        return PostMood.Kind.ANSWER, event.answer_id
    return PostMood.Kind.QUESTION, event.question_id


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def score_mood(*, event_type: str, event: dict) -> None:
    """Score the post an event is about (asked, answered, replied, edited); the same event twice writes once."""
    post = _post_of(events.rebuild(event_type, event))
    if post is not None:
        mood.score_post(kind=post[0], object_id=post[1])


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def follow_mood(*, event_type: str, event: dict) -> None:
    """A post left view, came back, or its thread moved: keep the mood rows' visibility and category in step."""
    post = _post_of(events.rebuild(event_type, event))
    if post is None:
        return
    kind, object_id = post
    if kind == PostMood.Kind.QUESTION:
        mood.follow_question(question_id=object_id)
    else:
        mood.score_post(kind=kind, object_id=object_id)


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def score_imported(*, event_type: str, event: dict) -> int:
    """An import brought old posts without their events: score those of its category that have no score."""
    return mood.score_all(category_id=events.rebuild(event_type, event).category_id, missing=True)
