"""Celery tasks of the notifications app: thin, idempotent, resumable."""

import logging
import smtplib
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import OperationalError, transaction
from django.utils import timezone

from . import digests, plans, services
from .emails import notification_email
from .models import Delivery, FanOut

logger = logging.getLogger(__name__)
EMAIL_BATCH = 100
MAX_ATTEMPTS = 6


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def run_fanout(*, event_id: str) -> int:
    """Turn one event into deliveries; safe to run twice (every delivery is keyed) or after a crash."""
    record = FanOut.objects.filter(event_id=event_id, done_at__isnull=True).first()
    if record is None:
        return 0
    FanOut.objects.filter(pk=record.pk).update(started_at=timezone.now(), attempts=record.attempts + 1)
    emails: list[int] = []
    told = 0
    for news, recipients in plans.plan_for(record.event_type, record.payload):
        emails.extend(services.notify(news, recipients))
        told += len(recipients)
    for start in range(0, len(emails), EMAIL_BATCH):
        send_emails.delay(delivery_ids=emails[start : start + EMAIL_BATCH])
    FanOut.objects.filter(pk=record.pk).update(done_at=timezone.now())
    return told


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
    """Finish what a killed worker or a lost message left: open fan-outs and waiting emails."""
    age = timezone.now() - timedelta(seconds=settings.NOTIFICATIONS_SWEEP_AFTER_SECONDS)
    open_fanouts = list(
        FanOut.objects.filter(done_at__isnull=True, created_at__lt=age).values_list("event_id", flat=True)[:500]
    )
    for event_id in open_fanouts:
        run_fanout.delay(event_id=str(event_id))
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
    return {"fanouts": len(open_fanouts), "emails": len(waiting)}


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def send_digests(*, frequency: str) -> int:
    """The daily or weekly digest for everyone who has something to read (nobody else gets one)."""
    return digests.send_all(frequency=frequency)
