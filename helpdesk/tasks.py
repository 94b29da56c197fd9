"""Celery tasks of the helpdesk: thin, idempotent, calling services.

Webhook deliveries and escalations are rows that carry their attempts; a task sends one attempt and,
when it failed, schedules the next with the back-off the service names. `sweep_outbound` (beat, every
minute) sends again what stayed due, so a lost retry message delays an attempt but never drops it.
"""

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

from community import events

from .services import escalation, webhooks


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def record_webhook_event(*, event_type: str, event: dict) -> int:
    """Write the webhook deliveries of one event and hand each off (the same event twice writes nothing)."""
    return len(webhooks.record_event(events.rebuild(event_type, event)))


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def deliver_webhook(*, delivery_id: int) -> None:
    """One attempt at a webhook delivery; the next, if any, after the delivery's back-off."""
    _next_attempt(deliver_webhook, webhooks.deliver(delivery_id), delivery_id=delivery_id)


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def send_escalation(*, escalation_id: int) -> None:
    """One attempt at sending an escalation to the helpdesk; the next, if any, after its back-off."""
    _next_attempt(send_escalation, escalation.send(escalation_id), escalation_id=escalation_id)


def _next_attempt(task, wait: int | None, **kwargs) -> None:
    # A message that waits with a worker longer than the broker's visibility timeout is handed out again
    # every timeout meanwhile, one more copy each time: a later attempt is left to the row's due time and
    # `sweep_outbound`, which sends it at most a sweep's interval late.
    if wait is not None and wait < settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]:
        task.apply_async(kwargs=kwargs, countdown=wait)


@shared_task
def sweep_outbound() -> dict[str, int]:
    """Send again the deliveries and escalations whose attempt is long due (beat, every minute)."""
    deliveries, escalations = webhooks.stale_ids(), escalation.stale_ids()
    for delivery_id in deliveries:
        deliver_webhook.delay(delivery_id=delivery_id)
    for escalation_id in escalations:
        send_escalation.delay(escalation_id=escalation_id)
    return {"webhooks": len(deliveries), "escalations": len(escalations)}


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def route_questions() -> dict[str, int]:
    """Offer waiting questions to super users, queue those past the response target (beat, every minute).
    A run that is lost or repeated changes nothing the next one would not do: offers and entries are unique."""
    from .services.routing import route_waiting_questions

    return route_waiting_questions()
