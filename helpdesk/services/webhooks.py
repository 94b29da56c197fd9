"""Outgoing webhooks: an event becomes one delivery row per endpoint that wants it, then Celery sends it.

Row first: `record_event` writes the deliveries (one per endpoint and event, so a duplicate event
writes nothing) and hands each off; `deliver` sends one attempt and records it; a failed attempt is
tried again with back-off until the last, then the delivery is marked failed. Payloads carry public
data only (payloads.py).
"""

import json
import logging
import uuid
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community import events
from community.accounts.models import User
from community.handoffs import handoff
from forum.models import Answer

from .. import outbound
from ..models import Ticket, WebhookDelivery, WebhookEndpoint
from . import attempts, payloads

logger = logging.getLogger(__name__)
EventName = WebhookEndpoint.EventName


def _thread_created(event: events.QuestionAsked) -> dict | None:
    question = payloads.threads_query().filter(pk=event.question_id).first()
    if question is None or not payloads.member_sees(question):
        return None  # a thread in a staff category, or held since: no webhook tells of it
    return {"thread": payloads.thread(question)}


def _answer_accepted(event: events.AnswerAccepted) -> dict | None:
    answer = Answer.objects.select_related("question__category").filter(pk=event.answer_id).first()
    if not payloads.answer_public(answer):
        return None
    return {"thread": payloads.thread(answer.question), "answer": payloads.answer(answer)}


def _idea_status_changed(event: events.IdeaStatusChanged) -> dict | None:
    from ideas.models import Idea

    idea = Idea.objects.filter(pk=event.idea_id).first()
    if idea is None or idea.deleted_at is not None:
        return None
    return {
        "idea": {
            "id": idea.pk,
            "title": idea.title,
            "url": payloads.absolute(idea.get_absolute_url()),
            "status": idea.status,
        },
        "old_status": event.old_status,
        "new_status": event.new_status,
        "official_response": event.response_id is not None,
    }


def _ticket(ticket: Ticket) -> dict:
    return {"system": ticket.helpdesk.slug, "number": ticket.external_id, "url": ticket.address}


def _ticket_linked(event: events.TicketLinked) -> dict | None:
    ticket = Ticket.objects.select_related("helpdesk").filter(pk=event.ticket_id).first()
    question = payloads.threads_query().filter(pk=event.question_id).first()
    if ticket is None or question is None:
        return None  # unlinked or deleted before this ran
    return {"ticket": _ticket(ticket), "thread": payloads.thread(question)}


def _ticket_answered(event: events.LinkedThreadAnswered) -> dict | None:
    answer = Answer.objects.select_related("question__category").filter(pk=event.answer_id).first()
    if answer is None:
        return None
    tickets = Ticket.objects.select_related("helpdesk").filter(pk__in=event.ticket_ids).order_by("pk")
    data = {
        "thread": payloads.thread(answer.question),
        "accepted": event.accepted,
        "tickets": [_ticket(ticket) for ticket in tickets],
    }
    # The agent pastes this link into the ticket; a withheld answer has none a customer could open.
    data["answer"] = payloads.answer(answer) if payloads.answer_public(answer) else {"id": answer.pk, "private": True}
    return data


PAYLOADS: dict[type[events.Event], tuple[str, Callable[..., dict | None]]] = {
    events.QuestionAsked: (EventName.THREAD_CREATED, _thread_created),
    events.AnswerAccepted: (EventName.ANSWER_ACCEPTED, _answer_accepted),
    events.IdeaStatusChanged: (EventName.IDEA_STATUS_CHANGED, _idea_status_changed),
    events.TicketLinked: (EventName.TICKET_LINKED, _ticket_linked),
    events.LinkedThreadAnswered: (EventName.TICKET_ANSWERED, _ticket_answered),
}


def envelope(name: str, *, event_id: uuid.UUID, occurred_at, data: dict) -> dict:
    """The body as stored and sent: plain JSON values (dates as ISO 8601 text)."""
    body = {"event": name, "event_id": str(event_id), "occurred_at": occurred_at, "data": data}
    return json.loads(outbound.body_of(body))


def record_event(event: events.Event) -> list[int]:
    """Write a delivery for each active endpoint that wants this event and hand it off; the same event
    twice writes nothing new. Returns the new deliveries' ids."""
    name, build = PAYLOADS[type(event)]
    endpoints = list(WebhookEndpoint.objects.filter(is_active=True, events__contains=[name]).order_by("pk"))
    if not endpoints:
        return []
    data = build(event)
    if data is None:
        return []
    payload = envelope(name, event_id=event.event_id, occurred_at=event.occurred_at, data=data)
    created_ids = []
    with transaction.atomic():
        for endpoint in endpoints:
            delivery, created = WebhookDelivery.objects.get_or_create(
                endpoint=endpoint,
                event_id=event.event_id,
                defaults={"event": name, "occurred_at": event.occurred_at, "payload": payload},
            )
            if created:
                _hand_off(delivery)
                created_ids.append(delivery.pk)
    return created_ids


def _hand_off(delivery: WebhookDelivery, *, again: str = "") -> None:
    from ..tasks import deliver_webhook

    handoff(deliver_webhook, key=f"webhook:{delivery.pk}{again}", delivery_id=delivery.pk)


def deliver(delivery_id: int) -> int | None:
    """One attempt at a pending, due delivery. Returns the seconds until the next attempt, or None when
    there is none to schedule (delivered, failed for good, or not this run's to send)."""
    if not attempts.claim(WebhookDelivery, delivery_id):
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    tried = delivery.attempts + 1
    if not endpoint.is_active:
        fields, wait = {"attempts": delivery.attempts, "status": "failed", "next_attempt_at": None}, None
        fields["last_error"] = "the endpoint was switched off"
    else:
        try:
            code, text = outbound.post(
                endpoint.url,
                secret=endpoint.secret,
                event=delivery.event,
                delivery_id=str(delivery.pk),
                payload=delivery.payload,
            )
        except outbound.SendFailed as error:
            fields, wait = attempts.failure(attempts=tried, code=None, error=str(error))
        else:
            if 200 <= code < 300:
                fields, wait = (
                    {
                        "attempts": tried,
                        "status": WebhookDelivery.Status.DELIVERED,
                        "delivered_at": timezone.now(),
                        "next_attempt_at": None,
                        "last_response_code": code,
                        "last_error": "",
                    },
                    None,
                )
            else:
                fields, wait = attempts.failure(attempts=tried, code=code, error=f"HTTP {code}: {text[:200]}")
    WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)
    if fields["status"] == WebhookDelivery.Status.FAILED:
        logger.warning("Webhook delivery %s to %s failed for good: %s", delivery.pk, endpoint.url, fields["last_error"])
    return wait


@transaction.atomic
def send_again(*, delivery: WebhookDelivery, by: User) -> bool:
    """An admin sends a failed delivery once more, with its attempts counted afresh."""
    if not by.has_perm("helpdesk.manage_integrations"):
        raise PermissionDenied(_("Only admins manage integrations."))
    updated = WebhookDelivery.objects.filter(pk=delivery.pk, status=WebhookDelivery.Status.FAILED).update(
        status=WebhookDelivery.Status.PENDING, attempts=0, next_attempt_at=None, last_error=""
    )
    if updated:
        _hand_off(delivery, again=f":again:{uuid.uuid4().hex[:12]}")
    return bool(updated)


@transaction.atomic
def send_test_event(*, endpoint: WebhookEndpoint, by: User) -> WebhookDelivery:
    """An admin checks an endpoint: a "ping" delivery, logged and retried like any other."""
    if not by.has_perm("helpdesk.manage_integrations"):
        raise PermissionDenied(_("Only admins manage integrations."))
    event_id, now = uuid.uuid4(), timezone.now()
    data = {"message": "A test event from Peerdesk: the endpoint is reached and the signature can be checked."}
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event="ping",
        event_id=event_id,
        occurred_at=now,
        payload=envelope("ping", event_id=event_id, occurred_at=now, data=data),
    )
    _hand_off(delivery)
    return delivery


def stale_ids() -> list[int]:
    """Deliveries whose attempt stayed due (a lost retry message, a killed worker), for the sweep to send."""
    return list(attempts.stale(WebhookDelivery).order_by("next_attempt_at").values_list("pk", flat=True)[:500])
