from datetime import timedelta

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from .services import rollups


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
