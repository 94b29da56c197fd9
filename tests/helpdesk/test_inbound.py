"""The signed endpoint a helpdesk reports a ticket's status to; a solved ticket asks for the answer on the thread."""

import json
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from community import events
from forum import services as forum_services
from helpdesk import signing
from helpdesk.models import QueueItem, Ticket
from tests.accounts.factories import UserFactory
from tests.forum.factories import AnswerFactory, QuestionFactory

from .factories import HelpdeskFactory, TicketFactory, TicketLinkFactory

pytestmark = pytest.mark.django_db


def report(client, desk, payload, *, secret=None, now=None, headers=None, raw=None):
    body = raw if raw is not None else json.dumps(payload).encode()
    signed = signing.headers_for(secret or desk.secret, body, now=now)
    return client.post(
        reverse("helpdesk:inbound-status", args=[desk.slug]),
        body,
        content_type="application/json",
        headers=signed if headers is None else headers,
    )


def test_a_signed_report_sets_the_status_and_the_link_shows_it(client):
    desk = HelpdeskFactory(slug="zendesk")
    link = TicketLinkFactory(ticket__helpdesk=desk, ticket__external_id="4711")
    response = report(client, desk, {"ticket_id": "4711", "status": "pending", "url": "https://z.example.com/4711"})
    assert response.status_code == 200
    assert response.json()["status"] == "pending" and response.json()["ticket_id"] == "4711"
    ticket = Ticket.objects.get(pk=link.ticket_id)
    assert (ticket.status, ticket.url) == ("pending", "https://z.example.com/4711")
    client.force_login(UserFactory(roles=["agent"]))
    assert "Pending" in client.get(link.question.get_absolute_url()).content.decode()


def test_a_number_as_json_number_and_a_ticket_seen_first_here_are_taken(client):
    desk = HelpdeskFactory()
    assert report(client, desk, {"ticket_id": 815, "status": "open"}).status_code == 200
    assert Ticket.objects.get(helpdesk=desk, external_id="815").status == "open"


def refused_and_unchanged(response, status, ticket):
    assert response.status_code == status, response.content
    assert response.json()["detail"]
    ticket.refresh_from_db()
    assert ticket.status == "open"
    assert not QueueItem.objects.exists()


@pytest.fixture
def opened():
    desk = HelpdeskFactory(slug="zendesk")
    ticket = TicketFactory(helpdesk=desk, external_id="4711", status="open")
    TicketLinkFactory(ticket=ticket)
    return desk, ticket


SOLVED = {"ticket_id": "4711", "status": "solved"}


def test_a_bad_signature_is_refused_and_changes_nothing(client, opened, django_capture_on_commit_callbacks):
    desk, ticket = opened
    with django_capture_on_commit_callbacks(execute=True):
        response = report(client, desk, SOLVED, secret="not-the-secret")
    refused_and_unchanged(response, 401, ticket)


def test_an_old_timestamp_is_refused(client, opened):
    desk, ticket = opened
    refused_and_unchanged(report(client, desk, SOLVED, now=time.time() - 3600), 401, ticket)


def test_missing_headers_are_refused(client, opened):
    desk, ticket = opened
    refused_and_unchanged(report(client, desk, SOLVED, headers={}), 401, ticket)


def test_a_body_changed_after_signing_is_refused(client, opened):
    desk, ticket = opened
    body = json.dumps({"ticket_id": "4711", "status": "pending"}).encode()
    headers = signing.headers_for(desk.secret, body)
    response = client.post(
        reverse("helpdesk:inbound-status", args=[desk.slug]),
        json.dumps(SOLVED),
        content_type="application/json",
        headers=headers,
    )
    refused_and_unchanged(response, 401, ticket)


def test_another_systems_signature_is_refused(client, opened):
    desk, ticket = opened
    other = HelpdeskFactory(slug="freshdesk")
    body = json.dumps(SOLVED).encode()
    response = client.post(
        reverse("helpdesk:inbound-status", args=[desk.slug]),
        body,
        content_type="application/json",
        headers=signing.headers_for(other.secret, body),
    )
    refused_and_unchanged(response, 401, ticket)


def test_an_unknown_or_inactive_system_is_404(client, opened):
    desk, ticket = opened
    ghost = HelpdeskFactory.build(slug="ghost")
    refused_and_unchanged(report(client, ghost, SOLVED), 404, ticket)
    desk.is_active = False
    desk.save()
    refused_and_unchanged(report(client, desk, SOLVED), 404, ticket)


@pytest.mark.parametrize(
    "raw",
    [
        b"not json",
        b"\xff\xfe",
        b"[1, 2]",
        json.dumps({"ticket_id": "4711", "status": "closed"}).encode(),
        json.dumps({"ticket_id": "", "status": "solved"}).encode(),
        json.dumps({"ticket_id": "47 11", "status": "solved"}).encode(),
        json.dumps({"status": "solved"}).encode(),
        json.dumps({"ticket_id": "4711", "status": "solved", "url": "javascript:alert(1)"}).encode(),
        json.dumps({"ticket_id": "4711", "status": "solved", "url": 5}).encode(),
    ],
)
def test_bad_input_is_400_with_a_reason(client, opened, raw):
    desk, ticket = opened
    refused_and_unchanged(report(client, desk, None, raw=raw), 400, ticket)


def test_get_is_not_allowed(client, opened):
    desk, _ = opened
    assert client.get(reverse("helpdesk:inbound-status", args=[desk.slug])).status_code == 405


# A solved ticket and the thread's answer


def solve(client, desk, number, capture):
    with capture(execute=True):
        assert report(client, desk, {"ticket_id": number, "status": "solved"}).status_code == 200


def test_a_solved_ticket_puts_a_thread_without_the_answer_in_the_queue(client, django_capture_on_commit_callbacks):
    desk = HelpdeskFactory()
    link = TicketLinkFactory(ticket__helpdesk=desk, ticket__external_id="4711")
    AnswerFactory(question=link.question)  # a customer's answer is not the solution
    solve(client, desk, "4711", django_capture_on_commit_callbacks)
    item = QueueItem.objects.get()
    assert (item.question, item.reason, item.ticket) == (link.question, QueueItem.Reason.PUBLISH_ANSWER, link.ticket)
    assert item.resolved_at is None
    solve(client, desk, "4711", django_capture_on_commit_callbacks)  # the same report again: nothing new
    assert QueueItem.objects.count() == 1


def test_a_thread_that_has_the_answer_stays_out_of_the_queue(client, django_capture_on_commit_callbacks):
    desk = HelpdeskFactory()
    agent = UserFactory(roles=["agent"])
    accepted = TicketLinkFactory(ticket__helpdesk=desk, ticket__external_id="1", question__is_solved=True)
    staff = TicketLinkFactory(ticket=accepted.ticket)
    AnswerFactory(question=staff.question, author=agent, created_at=timezone.now())
    deleted = TicketLinkFactory(ticket=accepted.ticket, question__deleted_at=timezone.now())
    solve(client, desk, "1", django_capture_on_commit_callbacks)
    assert not QueueItem.objects.exists()
    assert deleted.question.is_deleted


def test_a_staff_answer_given_before_the_link_does_not_count(client, django_capture_on_commit_callbacks):
    desk, agent = HelpdeskFactory(), UserFactory(roles=["agent"])
    question = QuestionFactory()
    AnswerFactory(question=question, author=agent, created_at=timezone.now() - timezone.timedelta(days=2))
    TicketLinkFactory(ticket__helpdesk=desk, ticket__external_id="7", question=question)
    solve(client, desk, "7", django_capture_on_commit_callbacks)
    assert QueueItem.objects.filter(question=question, reason="publish_answer").exists()


def test_a_staff_answer_later_takes_the_thread_out_of_the_queue(client, django_capture_on_commit_callbacks):
    desk = HelpdeskFactory()
    link = TicketLinkFactory(ticket__helpdesk=desk, ticket__external_id="4711")
    solve(client, desk, "4711", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.post_answer(question=link.question, by=UserFactory(), body="Have you tried turning it off?")
    assert QueueItem.objects.get().resolved_at is None  # a member's answer is not the published solution
    agent = UserFactory(roles=["agent"])
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.post_answer(question=link.question, by=agent, body="The fix from the ticket: update to 2.4.")
    item = QueueItem.objects.get()
    assert item.resolved_at is not None and item.resolution == "staff_answer" and item.resolved_by == agent


def test_open_and_pending_put_nothing_in_the_queue(client, django_capture_on_commit_callbacks, event_log):
    desk = HelpdeskFactory()
    TicketLinkFactory(ticket__helpdesk=desk, ticket__external_id="5")
    with django_capture_on_commit_callbacks(execute=True):
        report(client, desk, {"ticket_id": "5", "status": "pending"})
    assert not QueueItem.objects.exists()
    assert [type(e) for e in event_log] == [events.TicketStatusChanged]


def test_a_form_post_instead_of_json_is_400(client, opened):
    desk, ticket = opened
    response = client.post(reverse("helpdesk:inbound-status", args=[desk.slug]), SOLVED)  # multipart
    refused_and_unchanged(response, 400, ticket)
