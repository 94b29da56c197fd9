"""Sending rows that carry their own attempts (webhook deliveries, escalations): claim, record, back off.

The row is the truth, Celery only the messenger: a row is sent when it is pending and due; the sender
claims it by moving `next_attempt_at` past its own run (so a sweep or a duplicate message finds it not
due and leaves it), sends without holding a transaction open across the network, then records the
outcome and when to try again.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

# Messages scheduled with a countdown may arrive a little before the row says it is due (clocks of
# different machines): that much early still counts as due.
EARLY_GRACE = timedelta(seconds=2)
ERROR_MAX = 300


def lease() -> timedelta:
    """How long one attempt may take at most: the sending budget and a margin."""
    return timedelta(seconds=settings.HELPDESK_OUTBOUND_CONNECT_TIMEOUT + settings.HELPDESK_OUTBOUND_READ_TIMEOUT + 30)


def claim(model, pk: int) -> bool:
    """Take the row for one attempt if it is pending and due; False: done, failed, not due, or being sent."""
    now = timezone.now()
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now + EARLY_GRACE)
    return bool(model.objects.filter(due, pk=pk, status="pending").update(next_attempt_at=now + lease()))


def backoff(attempts: int) -> int | None:
    """Seconds to wait after `attempts` failed attempts, or None when that was the last one."""
    if attempts >= settings.HELPDESK_OUTBOUND_MAX_ATTEMPTS:
        return None
    steps = settings.HELPDESK_OUTBOUND_BACKOFF or [60]
    return int(steps[min(attempts, len(steps)) - 1])


def failure(*, attempts: int, code: int | None, error: str) -> tuple[dict, int | None]:
    """The fields to save after a failed attempt, and the seconds until the next (None: failed for good)."""
    wait = backoff(attempts)
    fields = {
        "attempts": attempts,
        "last_response_code": code,
        "last_error": error[:ERROR_MAX],
        "status": "pending" if wait is not None else "failed",
        "next_attempt_at": timezone.now() + timedelta(seconds=wait) if wait is not None else None,
    }
    return fields, wait


def stale(model):
    """Pending rows whose attempt should have run a while ago: its message was lost or its worker killed."""
    before = timezone.now() - timedelta(seconds=settings.HELPDESK_OUTBOUND_SWEEP_AFTER_SECONDS)
    waiting = Q(next_attempt_at__lt=before) | Q(next_attempt_at__isnull=True, created_at__lt=before)
    return model.objects.filter(waiting, status="pending")
