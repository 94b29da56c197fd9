"""Celery tasks of the idea board: thin and idempotent."""

from celery import shared_task
from django.db import OperationalError


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def carry_followers(*, idea_id: int, into_id: int) -> int:
    """After a merge, the duplicate's followers follow the idea it went into (following twice changes nothing)."""
    from .notifications import carry_followers as carry

    return carry(idea_id=idea_id, into_id=into_id)
