from datetime import timedelta

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from community import events

from . import services


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def apply_event(*, event_type: str, event: dict) -> bool:
    """Points and badges for one event (keyed by the event: a redelivery changes nothing)."""
    return services.apply_event(events.rebuild(event_type, event))


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def rank_after_import(*, event_type: str, event: dict) -> int:
    """Measure the super-user candidates now (after an import): derived from the data, so a repeat or a
    lost message changes nothing the nightly run would not set right."""
    events.rebuild(event_type, event)  # a ContentImported; what it says does not matter, only that it came
    return services.rank_candidates()


def recently_active(days: int = 2):
    """Who posted lately: their streaks and counts may have earned a badge no single event checks."""
    from community.accounts.models import User
    from forum.models import Answer, Question, Reply

    since = timezone.now() - timedelta(days=days)
    authors = [model.objects.filter(created_at__gte=since).values("author_id") for model in (Question, Answer, Reply)]
    return User.objects.filter(pk__in=authors[0].union(*authors[1:]))


@shared_task
def nightly() -> dict:
    """Rank super-user candidates and check every recently active person's badges (streaks need it)."""
    awarded = sum(len(services.award_badges(user_id=pk)) for pk in recently_active().values_list("pk", flat=True))
    return {"candidates": services.rank_candidates(), "badges": awarded}
