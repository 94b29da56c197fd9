from celery import shared_task
from django.db import OperationalError

from . import services


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def add_views(*, counts: dict[str, int]) -> int:
    """Add the views a web process counted ("q:<id>" or "a:<id>" -> number of views)."""
    return services.add_views(counts={key: int(n) for key, n in counts.items()})


@shared_task(
    acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, retry_backoff_max=300, max_retries=5
)
def sync_article(*, question_id: int) -> None:
    """Bring the question's knowledge-base article in line with its current state."""
    services.sync_article(question_id=question_id)
