"""Celery tasks of the notifications app: thin, idempotent, resumable.

The fan-out and carrying followers are handed off (community/handoffs.py); emails follow their
delivery rows, the outbox, which `sweep` sends again when a message was lost.
"""

import logging
import smtplib
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import OperationalError, transaction
from django.utils import timezone

from community import events

from . import digests, plans, services
from .emails import notification_email
from .models import Delivery

logger = logging.getLogger(__name__)
EMAIL_BATCH = 100
MAX_ATTEMPTS = 6


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def run_fanout(*, event_type: str, event: dict) -> int:
    """Turn one event into deliveries; safe to run twice (every delivery is keyed) or after a crash."""
    happened = events.rebuild(event_type, event)
    emails: list[int] = []
    told = 0
    for news, recipients in plans.plan_for(happened):
        emails.extend(services.notify(news, recipients))
        told += len(recipients)
    # Each batch follows its pending delivery rows: if its message is lost, `sweep` sends them.
    for start in range(0, len(emails), EMAIL_BATCH):
        send_emails.delay(delivery_ids=emails[start : start + EMAIL_BATCH])
    return told


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def carry_followers(*, event_type: str, event: dict) -> int:
    """After a merge, the duplicate's followers follow the idea it went into (following twice changes nothing)."""
    from ideas.models import Idea

    merged = events.rebuild(event_type, event)
    if not isinstance(merged, events.IdeaMerged):
        raise TypeError(f"carry_followers takes IdeaMerged, not {event_type}")
    return services.carry_followers(source=Idea(pk=merged.idea_id), target=Idea(pk=merged.into_id))


@shared_task(
    acks_late=True,
    autoretry_for=(smtplib.SMTPException, OSError, OperationalError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=MAX_ATTEMPTS,
)
def send_emails(*, delivery_ids: list[int]) -> int:
    """Send pending email deliveries, each once: locked, sent, marked sent, in one transaction."""
    sent, failure = 0, None
    for delivery_id in delivery_ids:
        with transaction.atomic():
            delivery = (
                Delivery.objects.select_for_update(skip_locked=True)
                .select_related("recipient")
                .filter(pk=delivery_id, status=Delivery.Status.PENDING, channel=Delivery.Channel.EMAIL)
                .first()
            )
            if delivery is None:
                continue  # sent already, or another worker holds it
            if not delivery.recipient.email or not delivery.recipient.is_active:
                delivery.status = Delivery.Status.SKIPPED
                delivery.save(update_fields=["status"])
                continue
            try:
                notification_email(delivery).send()
            except (smtplib.SMTPException, OSError) as error:
                failure = error
                delivery.attempts += 1
                delivery.last_error = str(error)[:500]
                if delivery.attempts >= MAX_ATTEMPTS:
                    delivery.status = Delivery.Status.FAILED
                delivery.save(update_fields=["attempts", "last_error", "status"])
                continue
            delivery.status, delivery.sent_at = Delivery.Status.SENT, timezone.now()
            delivery.save(update_fields=["status", "sent_at"])
            sent += 1
    if failure is not None:
        raise failure  # Celery retries with back-off; what was sent stays sent
    return sent


@shared_task
def sweep() -> dict:
    """Send the emails a killed worker or a lost message left waiting (the outbox's own sweep)."""
    age = timezone.now() - timedelta(seconds=settings.NOTIFICATIONS_SWEEP_AFTER_SECONDS)
    waiting = list(
        Delivery.objects.filter(
            channel=Delivery.Channel.EMAIL,
            status=Delivery.Status.PENDING,
            created_at__lt=age,
            attempts__lt=MAX_ATTEMPTS,
        ).values_list("pk", flat=True)[:5000]
    )
    for start in range(0, len(waiting), EMAIL_BATCH):
        send_emails.delay(delivery_ids=waiting[start : start + EMAIL_BATCH])
    return {"emails": len(waiting)}


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def send_digests(*, frequency: str) -> int:
    """The daily or weekly digest for everyone who has something to read (nobody else gets one)."""
    return digests.send_all(frequency=frequency)
