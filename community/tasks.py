from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone

from . import handoffs


@shared_task
def clear_expired_sessions() -> int:
    """Delete sessions past their expiry, so the table does not grow forever (what `clearsessions` does)."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task
def sweep_handoffs() -> dict[str, int]:
    """Send again the hand-offs a lost message or a killed worker left pending (beat, every minute)."""
    return handoffs.sweep()
