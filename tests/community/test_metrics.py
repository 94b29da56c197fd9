"""/metrics: for the staff or a scraper with the token; requests, latency, queues, task failures, outbox age."""

import pytest
from celery import shared_task

from community import handoffs, metrics
from community.accounts.models import Role
from community.celery import app as celery_app
from community.models import Handoff
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@shared_task
def _fails() -> None:
    raise RuntimeError("the helpdesk did not answer")


def values(text: str) -> dict[str, float]:
    found = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            found[name] = float(value)
    return found


def test_strangers_and_members_are_refused(client, settings):
    settings.METRICS_TOKEN = "scrape-7c1d"
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 403
    client.force_login(UserFactory())
    assert client.get("/metrics").status_code == 403


def test_an_empty_token_lets_no_scraper_in(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 403


def test_a_scraper_with_the_token_reads_requests_latency_queues_failures_and_outbox_age(client, settings):
    settings.METRICS_TOKEN = "scrape-7c1d"
    client.get("/healthz")
    client.get("/nothing-here/")
    Handoff.objects.create(key="metrics-test", task="forum.tasks.add_views", kwargs={})
    with celery_app.connection_for_write() as connection:
        connection.default_channel.client.delete(metrics.FAILURES_KEY)
    celery_app.conf.task_eager_propagates = False  # a worker's way: the failure is recorded, not raised
    try:
        assert _fails.apply().failed()
    finally:
        celery_app.conf.task_eager_propagates = True

    response = client.get("/metrics", headers={"Authorization": "Bearer scrape-7c1d"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    found = values(response.content.decode())
    assert found['peerdesk_http_requests_total{method="GET",status="200"}'] >= 1
    assert found['peerdesk_http_requests_total{method="GET",status="404"}'] >= 1
    assert found['peerdesk_http_request_duration_seconds_count{method="GET"}'] >= 2
    from community import queues

    for queue in queues.QUEUES:  # every queue a worker listens on, mail and the nightly work included
        assert f'peerdesk_celery_queue_length{{queue="{queue}"}}' in found
    assert found['peerdesk_celery_task_failures_total{task="tests.community.test_metrics._fails"}'] == 1
    assert found['peerdesk_outbox_oldest_pending_seconds{outbox="handoffs"}'] >= 0
    assert 'peerdesk_outbox_oldest_pending_seconds{outbox="notification_deliveries"}' in found
    assert handoffs.KEY  # the outbox read is the hand-offs' own table


def test_the_staff_read_it_signed_in(client):
    client.force_login(UserFactory(roles=[Role.ADMIN]))
    assert client.get("/metrics").status_code == 200
