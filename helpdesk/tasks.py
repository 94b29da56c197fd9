"""The helpdesk's Celery tasks: thin, idempotent, ids not objects."""

from celery import shared_task
from django.db import OperationalError


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def route_questions() -> dict[str, int]:
    """Offer waiting questions to super users, queue those past the response target (beat, every minute).
    A run that is lost or repeated changes nothing the next one would not do: offers and entries are unique."""
    from .services.routing import route_waiting_questions

    return route_waiting_questions()
