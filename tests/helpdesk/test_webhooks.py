"""Outgoing webhooks: a signed delivery per endpoint and event, public data only, retried, finally failed."""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from community import events
from community.models import Handoff
from forum import services as forum_services
from forum.kernel.models import Removal
from forum.models import Category
from helpdesk import services, tasks
from helpdesk.models import WebhookDelivery
from helpdesk.services import webhooks
from tests.accounts.factories import UserFactory
from tests.forum.factories import AnswerFactory, CategoryFactory, QuestionFactory

from .factories import HelpdeskFactory, WebhookEndpointFactory

pytestmark = pytest.mark.django_db


def endpoint_for(receiver, events=("answer.accepted",), **kwargs):
    return WebhookEndpointFactory(url=receiver.url, secret=receiver.secret, events=list(events), **kwargs)


def accepted_event(answer) -> events.AnswerAccepted:
    return events.AnswerAccepted(
        question_id=answer.question_id,
        answer_id=answer.pk,
        answer_author_id=answer.author_id,
        question_author_id=answer.question.author_id,
        by_user_id=answer.question.author_id,
    )


def test_an_accepted_answer_is_delivered_once_signed_with_public_data_only(
    receiver, django_capture_on_commit_callbacks
):
    endpoint = endpoint_for(receiver)
    endpoint_for(receiver, events=["thread.created"])  # hears of other things only
    asker = UserFactory(email="asker@example.com")
    answer = AnswerFactory(question=QuestionFactory(author=asker), author=UserFactory(email="helper@example.com"))
    answer.question.tags.set(["router"])
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.accept_answer(answer=answer, by=asker)

    assert len(receiver.received) == 1
    sent = receiver.received[0]
    assert sent.verified, sent.error
    delivery = WebhookDelivery.objects.get()
    assert (delivery.endpoint, delivery.status, delivery.attempts) == (endpoint, "delivered", 1)
    assert delivery.delivered_at >= delivery.occurred_at
    assert sent.headers["X-Peerdesk-Event"] == "answer.accepted"
    assert sent.headers["X-Peerdesk-Delivery"] == str(delivery.pk)
    assert sent.headers["Content-Type"] == "application/json"
    assert sent.headers["User-Agent"].startswith("Peerdesk")
    data = sent.json["data"]
    assert sent.json["event"] == "answer.accepted"
    assert data["thread"]["id"] == answer.question_id
    assert data["thread"]["url"] == f"{settings.SITE_URL}{answer.question.get_absolute_url()}"
    assert data["thread"]["tags"] == ["router"]
    assert data["answer"]["url"].endswith(f"#answer-{answer.pk}")
    assert b"@example.com" not in sent.body


def test_the_same_event_twice_makes_one_delivery(receiver, django_capture_on_commit_callbacks):
    endpoint_for(receiver)
    answer = AnswerFactory(is_accepted=True, accepted_at=timezone.now())
    event = accepted_event(answer)
    with django_capture_on_commit_callbacks(execute=True):
        first = webhooks.record_event(event)
        again = webhooks.record_event(event)
    assert len(first) == 1 and again == []
    assert WebhookDelivery.objects.count() == 1
    assert len(receiver.received) == 1
    # A duplicate message for the delivery finds it delivered and sends nothing.
    assert webhooks.deliver(first[0]) is None
    assert len(receiver.received) == 1


def test_an_inactive_or_unsubscribed_endpoint_gets_nothing(receiver, django_capture_on_commit_callbacks):
    endpoint_for(receiver, is_active=False)
    endpoint_for(receiver, events=["idea.status_changed"])
    answer = AnswerFactory()
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.record_event(accepted_event(answer))
    assert not WebhookDelivery.objects.exists() and receiver.received == []


def test_a_thread_in_a_staff_category_or_a_hidden_answer_is_not_told_of(receiver, django_capture_on_commit_callbacks):
    endpoint_for(receiver, events=["thread.created", "answer.accepted"])
    staff_only = CategoryFactory(audience=Category.Audience.STAFF)
    private = QuestionFactory(category=staff_only)
    hidden = AnswerFactory(deleted_at=timezone.now(), removal=Removal.HIDDEN)
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.record_event(
            events.QuestionAsked(
                question_id=private.pk, author_id=private.author_id, category_id=staff_only.pk, language="en"
            )
        )
        webhooks.record_event(accepted_event(hidden))
    assert not WebhookDelivery.objects.exists() and receiver.received == []


def test_a_question_asked_in_public_is_told_of_as_thread_created(receiver, django_capture_on_commit_callbacks):
    endpoint_for(receiver, events=["thread.created"])
    author = UserFactory(established=True)
    category = CategoryFactory()
    with django_capture_on_commit_callbacks(execute=True):
        question = forum_services.ask_question(
            by=author,
            title="Why does my thermostat lose its schedule every night?",
            body="Every morning the schedule is gone and it heats all day long.",
            category=category,
            tags=["thermostat"],
        )
    (sent,) = receiver.received
    assert sent.verified and sent.json["event"] == "thread.created"
    assert sent.json["data"]["thread"]["title"] == question.title
    assert sent.json["data"]["thread"]["category"] == category.name


def test_a_ticket_linked_to_a_private_thread_sends_its_number_and_address_only(
    receiver, django_capture_on_commit_callbacks
):
    endpoint_for(receiver, events=["ticket.linked"])
    question = QuestionFactory(category=CategoryFactory(audience=Category.Audience.SUPER_USERS), title="Secret plans")
    with django_capture_on_commit_callbacks(execute=True):
        services.link_ticket(
            question=question,
            helpdesk=HelpdeskFactory(slug="zendesk"),
            external_id="4711",
            by=UserFactory(roles=["agent"]),
        )
    (sent,) = receiver.received
    data = sent.json["data"]
    assert data["ticket"]["system"] == "zendesk" and data["ticket"]["number"] == "4711"
    assert data["thread"] == {"id": question.pk, "url": data["thread"]["url"], "private": True}
    assert data["thread"]["url"].endswith(f"/q/{question.pk}/")
    assert b"Secret" not in sent.body


def move_clock(delivery_id: int) -> None:
    """As if the back-off had passed."""
    WebhookDelivery.objects.filter(pk=delivery_id).update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_an_endpoint_answering_500_is_retried_with_back_off_and_finally_marked_failed(
    receiver, quick_outbound, django_capture_on_commit_callbacks
):
    receiver.status = 500
    endpoint_for(receiver)
    answer = AnswerFactory()
    with django_capture_on_commit_callbacks(execute=True):
        (delivery_id,) = webhooks.record_event(accepted_event(answer))
    delivery = WebhookDelivery.objects.get(pk=delivery_id)
    assert (delivery.status, delivery.attempts, delivery.last_response_code) == ("pending", 1, 500)
    assert timedelta(seconds=8) < delivery.next_attempt_at - timezone.now() <= timedelta(seconds=10)
    # Not due yet: an early message (or the eager retry) sends nothing.
    assert webhooks.deliver(delivery_id) is None
    assert len(receiver.received) == 1

    move_clock(delivery_id)
    assert webhooks.deliver(delivery_id) == 30  # the second step of the back-off
    move_clock(delivery_id)
    assert webhooks.deliver(delivery_id) is None  # the last attempt
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("failed", 3, None)
    assert "HTTP 500" in delivery.last_error
    assert len(receiver.received) == 3 and all(r.verified for r in receiver.received)
    move_clock(delivery_id)
    assert webhooks.deliver(delivery_id) is None
    assert len(receiver.received) == 3


def test_a_slow_endpoint_never_holds_up_the_request_and_its_attempt_gives_up_in_time(
    client, receiver, quick_outbound, django_capture_on_commit_callbacks
):
    receiver.delay = 3.0
    endpoint_for(receiver)
    asker = UserFactory()
    answer = AnswerFactory(question=QuestionFactory(author=asker))
    client.force_login(asker)
    with django_capture_on_commit_callbacks() as after_commit:
        started = time.monotonic()
        response = client.post(reverse("forum:answer-accept", args=[answer.pk]))
        took = time.monotonic() - started
    assert response.status_code == 302 and took < 1.0
    assert receiver.received == []  # the request only wrote rows; sending is the worker's
    assert Handoff.objects.filter(task=tasks.record_webhook_event.name).exists()

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        for run in after_commit:  # what the worker does with the hand-offs
            run()
    took = time.monotonic() - started
    assert took < 2.5  # one attempt, cut off after connect + read (0.5 + 0.5 s), never the server's 3 s
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_response_code) == ("pending", 1, None)
    assert "no answer within" in delivery.last_error or "longer than" in delivery.last_error

    for _attempt in range(2):
        move_clock(delivery.pk)
        webhooks.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 3)


def test_an_endpoint_that_cannot_be_reached_is_retried(quick_outbound, django_capture_on_commit_callbacks):
    WebhookEndpointFactory(url="http://127.0.0.1:9/nothing-listens", events=["answer.accepted"])
    with django_capture_on_commit_callbacks(execute=True):
        (delivery_id,) = webhooks.record_event(accepted_event(AnswerFactory()))
    delivery = WebhookDelivery.objects.get(pk=delivery_id)
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert "could not connect" in delivery.last_error


def test_the_sweep_sends_a_delivery_whose_retry_message_was_lost(receiver, django_capture_on_commit_callbacks):
    endpoint = endpoint_for(receiver)
    long_ago = timezone.now() - timedelta(minutes=10)
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event="answer.accepted",
        event_id="5d8f3c1e-0000-4000-8000-000000000001",
        occurred_at=long_ago,
        payload={"event": "answer.accepted", "data": {}},
        attempts=1,
        next_attempt_at=long_ago,
    )
    due_soon = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event="answer.accepted",
        event_id="5d8f3c1e-0000-4000-8000-000000000002",
        occurred_at=long_ago,
        payload={},
        attempts=1,
        next_attempt_at=timezone.now() + timedelta(minutes=1),
    )
    assert tasks.sweep_outbound() == {"webhooks": 1, "escalations": 0}
    delivery.refresh_from_db()
    due_soon.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 2)
    assert due_soon.status == "pending" and len(receiver.received) == 1


def test_an_admin_sends_a_failed_delivery_again(client, receiver, django_capture_on_commit_callbacks):
    endpoint = endpoint_for(receiver)
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event="answer.accepted",
        event_id="5d8f3c1e-0000-4000-8000-000000000003",
        occurred_at=timezone.now(),
        payload={"event": "answer.accepted", "data": {}},
        status="failed",
        attempts=6,
        last_error="HTTP 500",
    )
    client.force_login(UserFactory(roles=["admin"]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("helpdesk:webhook-send-again", args=[delivery.pk]))
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("delivered", 1, "")
    assert len(receiver.received) == 1 and receiver.received[0].verified


def test_a_delivery_to_a_switched_off_endpoint_fails_without_sending(receiver, django_capture_on_commit_callbacks):
    endpoint = endpoint_for(receiver)
    with django_capture_on_commit_callbacks() as after_commit:
        (delivery_id,) = webhooks.record_event(accepted_event(AnswerFactory()))
    endpoint.is_active = False
    endpoint.save()
    for run in after_commit:
        run()
    assert WebhookDelivery.objects.get(pk=delivery_id).status == "failed"
    assert receiver.received == []


def test_an_admin_sends_a_test_event_from_the_admin(client, receiver, django_capture_on_commit_callbacks):
    endpoint = endpoint_for(receiver)
    client.force_login(UserFactory(roles=["admin"]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:helpdesk_webhookendpoint_changelist"),
            {"action": "send_test_event", "_selected_action": [endpoint.pk]},
        )
    assert response.status_code == 302
    (sent,) = receiver.received
    assert sent.verified and sent.json["event"] == "ping"
    assert WebhookDelivery.objects.get().status == "delivered"


def test_every_event_type_the_webhooks_hear_has_a_payload():
    names = {name for name, _build in webhooks.PAYLOADS.values()}
    from helpdesk.models import WebhookEndpoint

    assert names == set(WebhookEndpoint.EventName.values)


def test_a_linked_thread_answered_tells_the_tickets_and_the_answer_to_paste(
    receiver, django_capture_on_commit_callbacks
):
    endpoint_for(receiver, events=["ticket.answered"])
    agent = UserFactory(roles=["agent"])
    answer = AnswerFactory(author=agent)
    link = services.link_ticket(
        question=answer.question, helpdesk=HelpdeskFactory(slug="otrs"), external_id="4711", by=agent
    )
    event = events.LinkedThreadAnswered(
        question_id=answer.question_id,
        answer_id=answer.pk,
        accepted=False,
        agent_ids=(agent.pk,),
        ticket_ids=(link.ticket_id,),
    )
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.record_event(event)
    (sent,) = receiver.received
    data = sent.json["data"]
    assert sent.verified and sent.json["event"] == "ticket.answered"
    assert data["tickets"] == [{"system": "otrs", "number": "4711", "url": "https://desk.example.com/tickets/4711"}]
    assert data["answer"]["url"] == f"{settings.SITE_URL}{answer.get_absolute_url()}"
    assert data["accepted"] is False and data["thread"]["id"] == answer.question_id
