"""The webhook delivery log: admins only, filters, pages, a query count that does not grow with the log."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from community import staff
from helpdesk.models import Escalation, WebhookDelivery
from tests.accounts.factories import UserFactory
from tests.forum.factories import QuestionFactory

from .factories import HelpdeskFactory, WebhookEndpointFactory

pytestmark = pytest.mark.django_db
URL = "/helpdesk/webhooks/"


def deliveries(endpoint, n: int, **fields):
    now = timezone.now()
    values = {"status": "delivered", "attempts": 1, "delivered_at": now, "last_response_code": 200, **fields}
    return WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                endpoint=endpoint,
                event="answer.accepted",
                event_id=uuid.uuid4(),
                occurred_at=now - timedelta(seconds=2),
                payload={"event": "answer.accepted"},
                **values,
            )
            for _ in range(n)
        ]
    )


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(roles=["admin"]))
    return client


def test_the_log_is_at_its_address_and_in_the_staff_menu_for_admins():
    assert reverse("helpdesk:webhook-log") == URL
    assert "webhook_log" in [page.code for page in staff.pages_for(UserFactory(roles=["admin"]))]
    assert "webhook_log" not in [page.code for page in staff.pages_for(UserFactory(roles=["agent"]))]


@pytest.mark.parametrize("rows", [2, 120])
def test_the_log_costs_the_same_queries_for_few_and_many_deliveries(admin_client, django_assert_max_num_queries, rows):
    endpoints = [WebhookEndpointFactory(name=f"Desk {n}") for n in range(3)]
    for endpoint in endpoints:
        deliveries(endpoint, rows // 2)
        deliveries(endpoint, rows // 2, status="failed", delivered_at=None, attempts=6, last_response_code=500)
    desk = HelpdeskFactory()
    for _ in range(rows // 10 + 1):
        Escalation.objects.create(question=QuestionFactory(), helpdesk=desk, status="failed", last_error="HTTP 502")
    with django_assert_max_num_queries(9):
        response = admin_client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Desk 0" in page and "HTTP 500" in page and "HTTP 502" in page
    with django_assert_max_num_queries(9):
        assert admin_client.get(URL, {"page": 2, "status": "failed"}).status_code == 200


def test_the_log_filters_by_status_and_endpoint(admin_client):
    first, second = WebhookEndpointFactory(name="First desk"), WebhookEndpointFactory(name="Second desk")
    deliveries(first, 2)
    (failed,) = deliveries(second, 1, status="failed", delivered_at=None, last_error="could not connect")
    response = admin_client.get(URL, {"status": "failed"})
    assert list(response.context["page"].object_list) == [failed]
    response = admin_client.get(URL, {"endpoint": first.pk})
    assert {d.endpoint_id for d in response.context["page"].object_list} == {first.pk}
    assert response.context["page"].paginator.count == 2
    assert "Send again" not in response.content.decode()
    assert "Send again" in admin_client.get(URL, {"endpoint": second.pk}).content.decode()


def test_a_bad_filter_is_a_400_that_says_why_and_narrows_nothing(admin_client):
    deliveries(WebhookEndpointFactory(), 1)
    response = admin_client.get(URL, {"status": "exploded", "endpoint": "x"})
    assert response.status_code == 400
    assert response.context["page"].paginator.count == 1


def test_the_log_shows_the_delay_from_event_to_delivery(admin_client):
    deliveries(WebhookEndpointFactory(), 1)
    assert "2.0 s" in admin_client.get(URL).content.decode()


@pytest.mark.parametrize("roles", [[], ["super user"], ["agent"], ["moderator"]])
def test_only_admins_read_the_log_or_send_again(client, roles):
    (failed,) = deliveries(WebhookEndpointFactory(), 1, status="failed", delivered_at=None)
    client.force_login(UserFactory(roles=roles))
    assert client.get(URL).status_code == 403
    assert client.post(reverse("helpdesk:webhook-send-again", args=[failed.pk])).status_code == 403
    failed.refresh_from_db()
    assert failed.status == "failed"


def test_a_delivery_that_did_not_fail_is_not_sent_again(admin_client, django_capture_on_commit_callbacks):
    (delivered,) = deliveries(WebhookEndpointFactory(), 1)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("helpdesk:webhook-send-again", args=[delivered.pk]), follow=True)
    assert "Only a failed delivery can be sent again." in response.content.decode()
    delivered.refresh_from_db()
    assert (delivered.status, delivered.attempts) == ("delivered", 1)


def test_the_admin_form_offers_the_events_as_checkboxes(admin_client):
    response = admin_client.get(reverse("admin:helpdesk_webhookendpoint_add"))
    page = response.content.decode()
    assert 'type="checkbox" name="events" value="answer.accepted"' in page
    response = admin_client.post(
        reverse("admin:helpdesk_webhookendpoint_add"),
        {
            "name": "Zendesk",
            "url": "https://hooks.example.com/peerdesk",
            "events": ["thread.created", "ticket.linked"],
            "is_active": "on",
            "secret": "a-shared-secret-of-some-length",
        },
    )
    assert response.status_code == 302
    from helpdesk.models import WebhookEndpoint

    assert WebhookEndpoint.objects.get(name="Zendesk").events == ["thread.created", "ticket.linked"]
