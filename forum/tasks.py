from celery import shared_task
from django.db import OperationalError

from . import services


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def add_views(*, counts: dict[str, int]) -> int:
    """Add the views a web process counted (question id as text: JSON keys are strings)."""
    return services.add_views(counts={int(pk): int(n) for pk, n in counts.items()})
