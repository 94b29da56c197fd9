"""Escalating a thread: a signed POST to the helpdesk, the returned ticket linked, never more than a member sees."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from forum.kernel.models import Removal
from forum.models import Category
from helpdesk import services
from helpdesk.models import Escalation, QueueItem, ResponsePolicy, TicketLink
from helpdesk.services import escalation as escalation_service
from tests.accounts.factories import UserFactory
from tests.forum.factories import AnswerFactory, CategoryFactory, QuestionFactory

from .factories import HelpdeskFactory

pytestmark = pytest.mark.django_db

TICKET_ANSWER = b'{"ticket_id": "4711", "url": "https://desk.example.com/tickets/4711"}'


@pytest.fixture
def desk(receiver):
    """The helpdesk escalations go to: the local receiver, with its secret."""
    receiver.answer = TICKET_ANSWER
    helpdesk = HelpdeskFactory(slug="zendesk", escalation_url=receiver.url, secret=receiver.secret)
    ResponsePolicy.objects.create(escalate_to=helpdesk)
    return helpdesk


def public_question(**kwargs):
    asker = UserFactory(email="asker@example.com", handle="asker")
    question = QuestionFactory(author=asker, title="My router drops the connection at night", **kwargs)
    question.tags.set(["router", "wifi"])
    AnswerFactory(question=question)
    return question


def test_an_agent_escalates_and_the_returned_ticket_is_linked(
    desk, receiver, django_capture_on_commit_callbacks, event_log
):
    agent = UserFactory(roles=["agent"])
    question = public_question()
    with django_capture_on_commit_callbacks(execute=True):
        escalation = services.escalate_thread(question=question, by=agent, note="Customer phoned twice.")

    (sent,) = receiver.received
    assert sent.verified, sent.error
    assert sent.headers["X-Peerdesk-Event"] == "thread.escalated"
    body = sent.json
    thread = body["thread"]
    assert (thread["id"], thread["title"], thread["category"]) == (question.pk, question.title, question.category.name)
    assert thread["body"] == question.body and thread["tags"] == ["router", "wifi"]
    assert thread["asker"] == "asker" and thread["answer_count"] == 1
    assert thread["url"].endswith(question.get_absolute_url())
    assert body["note"] == "Customer phoned twice."
    assert b"@example.com" not in sent.body

    escalation.refresh_from_db()
    assert (escalation.status, escalation.attempts, escalation.ticket.external_id) == ("sent", 1, "4711")
    link = TicketLink.objects.get(question=question)
    assert (link.ticket, link.linked_by, link.via) == (escalation.ticket, agent, TicketLink.Via.ESCALATION)
    assert link.ticket.url == "https://desk.example.com/tickets/4711"
    item = QueueItem.objects.get(question=question)
    assert (item.reason, item.note) == (QueueItem.Reason.ESCALATED, "Customer phoned twice.")
    escalated = [e for e in event_log if type(e).__name__ == "ThreadEscalated"]
    assert len(escalated) == 1 and escalated[0].escalation_id == escalation.pk


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: public_question(category=CategoryFactory(audience=Category.Audience.STAFF)), id="staff"),
        pytest.param(
            lambda: public_question(category=CategoryFactory(audience=Category.Audience.SUPER_USERS)), id="super-users"
        ),
        pytest.param(lambda: public_question(deleted_at=timezone.now(), removal=Removal.HIDDEN), id="hidden"),
        pytest.param(lambda: public_question(deleted_at=timezone.now(), removal=Removal.HELD), id="held"),
    ],
)
def test_a_thread_a_member_cannot_see_sends_its_number_and_address_only(
    make, desk, receiver, django_capture_on_commit_callbacks
):
    question = make()
    with django_capture_on_commit_callbacks(execute=True):
        services.escalate_thread(question=question, by=UserFactory(roles=["moderator"]), note="The router firmware 2.1")
    (sent,) = receiver.received
    assert sent.verified
    assert sent.json["thread"] == {"id": question.pk, "url": sent.json["thread"]["url"], "private": True}
    assert sent.json["thread"]["url"].endswith(f"/q/{question.pk}/")
    for secret in (b"router", b"Router", b"asker", b"firmware", b"connect"):
        assert secret not in sent.body
    assert "note" not in sent.json


def test_the_asker_escalates_only_where_an_admin_allows_it(desk, receiver, django_capture_on_commit_callbacks):
    question = public_question()
    with pytest.raises(PermissionDenied):
        services.escalate_thread(question=question, by=question.author)
    ResponsePolicy.objects.update(askers_may_escalate=True)
    with pytest.raises(PermissionDenied):  # someone else's thread
        services.escalate_thread(question=question, by=UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        services.escalate_thread(question=question, by=question.author)
    # The asker may not link tickets: the helpdesk's ticket is linked by the integration.
    link = TicketLink.objects.get(question=question)
    assert (link.linked_by, link.via) == (None, TicketLink.Via.ESCALATION)


@pytest.mark.parametrize("role", [[], ["super user"]])
def test_members_and_super_users_cannot_escalate(role, desk):
    with pytest.raises(PermissionDenied):
        services.escalate_thread(question=public_question(), by=UserFactory(roles=role))
    assert not Escalation.objects.exists()


def test_without_a_helpdesk_to_escalate_to_it_is_refused_with_a_reason(db):
    agent, question = UserFactory(roles=["agent"]), public_question()
    with pytest.raises(ValidationError) as none_set:
        services.escalate_thread(question=question, by=agent)
    assert none_set.value.code == "no_escalation_target"
    ResponsePolicy.objects.create(escalate_to=HelpdeskFactory(escalation_url=""))
    with pytest.raises(ValidationError) as no_address:
        services.escalate_thread(question=question, by=agent)
    assert no_address.value.code == "no_escalation_target"
    assert not Escalation.objects.exists() and not QueueItem.objects.exists()


def test_a_thread_being_escalated_is_not_escalated_twice(desk, receiver, django_capture_on_commit_callbacks):
    agent, question = UserFactory(roles=["agent"]), public_question()
    services.escalate_thread(question=question, by=agent)  # pending: its message goes after the commit
    with pytest.raises(ValidationError) as twice:
        services.escalate_thread(question=question, by=UserFactory(roles=["moderator"]))
    assert twice.value.code == "already_escalating"
    assert Escalation.objects.count() == 1


def test_a_thread_with_a_ticket_from_an_escalation_is_not_escalated_again(
    desk, receiver, django_capture_on_commit_callbacks
):
    agent, question = UserFactory(roles=["agent"]), public_question()
    with django_capture_on_commit_callbacks(execute=True):
        services.escalate_thread(question=question, by=agent)
    with pytest.raises(ValidationError) as again:
        services.escalate_thread(question=question, by=agent)
    assert again.value.code == "already_escalated" and "4711" in str(again.value)


def move_clock(escalation_id: int) -> None:
    Escalation.objects.filter(pk=escalation_id).update(next_attempt_at=timezone.now() - timedelta(seconds=1))


@pytest.mark.parametrize(
    ("status", "answer", "error"),
    [
        (500, b'{"ticket_id": "1"}', "HTTP 500"),
        (200, b"", "not JSON"),
        (200, b'{"status": "ok"}', "no ticket_id"),
        (201, b'{"ticket_id": "<script>"}', "not a ticket number"),
    ],
)
def test_a_failing_or_wordless_helpdesk_is_retried_then_the_escalation_fails(
    status, answer, error, desk, receiver, quick_outbound, django_capture_on_commit_callbacks
):
    receiver.status, receiver.answer = status, answer
    question = public_question()
    with django_capture_on_commit_callbacks(execute=True):
        escalation = services.escalate_thread(question=question, by=UserFactory(roles=["agent"]))
    escalation.refresh_from_db()
    assert (escalation.status, escalation.attempts) == ("pending", 1)
    assert error in escalation.last_error
    for _attempt in range(2):
        move_clock(escalation.pk)
        escalation_service.send(escalation.pk)
    escalation.refresh_from_db()
    assert (escalation.status, escalation.attempts, escalation.ticket) == ("failed", 3, None)
    assert len(receiver.received) == 3 and all(r.verified for r in receiver.received)
    assert not TicketLink.objects.exists()
    # A failed escalation may be tried again; the new one is sent.
    receiver.status, receiver.answer = 200, TICKET_ANSWER
    with django_capture_on_commit_callbacks(execute=True):
        services.escalate_thread(question=question, by=UserFactory(roles=["agent"]))
    assert TicketLink.objects.get(question=question).ticket.external_id == "4711"


def test_a_helpdesk_that_times_out_is_retried(desk, receiver, quick_outbound, django_capture_on_commit_callbacks):
    receiver.delay = 2.0
    with django_capture_on_commit_callbacks(execute=True):
        escalation = services.escalate_thread(question=public_question(), by=UserFactory(roles=["agent"]))
    escalation.refresh_from_db()
    assert (escalation.status, escalation.attempts, escalation.last_response_code) == ("pending", 1, None)
    assert escalation.next_attempt_at > timezone.now()


def test_a_ticket_the_thread_has_already_completes_the_escalation(desk, receiver, django_capture_on_commit_callbacks):
    agent, question = UserFactory(roles=["agent"]), public_question()
    services.link_ticket(question=question, helpdesk=desk, external_id="4711", by=agent)
    with django_capture_on_commit_callbacks(execute=True):
        escalation = services.escalate_thread(question=question, by=agent)
    escalation.refresh_from_db()
    assert (escalation.status, escalation.ticket.external_id) == ("sent", "4711")
    assert TicketLink.objects.filter(question=question).count() == 1


# The button on the thread


def test_the_button_is_on_the_thread_for_agents_and_not_for_members(client, desk):
    question = public_question()
    url = reverse("helpdesk:thread-escalate", args=[question.pk])
    client.force_login(UserFactory(roles=["agent"]))
    page = client.get(question.get_absolute_url())
    assert url in page.content.decode()
    client.force_login(UserFactory())
    assert url not in client.get(question.get_absolute_url()).content.decode()
    client.force_login(question.author)
    assert url not in client.get(question.get_absolute_url()).content.decode()


def test_an_agent_escalates_in_place_with_htmx(client, desk, receiver, django_capture_on_commit_callbacks):
    question = public_question()
    client.force_login(UserFactory(roles=["agent"]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("helpdesk:thread-escalate", args=[question.pk]), {"note": "Urgent"}, headers={"HX-Request": "true"}
        )
    assert response.status_code == 200
    assert "toast" in response.headers["HX-Trigger"]
    assert "Escalated" in response.content.decode()
    page = client.get(question.get_absolute_url()).content.decode()
    assert "ticket #4711" in page


def test_a_plain_post_goes_back_to_the_thread_and_a_refusal_says_why(client, db):
    question = public_question()
    client.force_login(UserFactory(roles=["moderator"]))
    url = reverse("helpdesk:thread-escalate", args=[question.pk])
    response = client.post(url, {"note": ""}, follow=True)
    assert response.redirect_chain[-1][0] == question.get_absolute_url()
    assert "No helpdesk receives escalations yet" in response.content.decode()
    refused = client.post(url, {"note": "x" * 1001}, headers={"HX-Request": "true"})
    assert refused.status_code == 422 and "1000" in refused.headers["HX-Trigger"]


@pytest.mark.parametrize("roles", [[], ["super user"]])
def test_members_and_super_users_get_403(client, desk, roles):
    question = public_question()
    client.force_login(UserFactory(roles=roles))
    response = client.post(reverse("helpdesk:thread-escalate", args=[question.pk]), {"note": ""})
    assert response.status_code == 403
    assert not Escalation.objects.exists()


def test_a_thread_the_person_cannot_see_is_not_found(client, desk):
    question = public_question(category=CategoryFactory(audience=Category.Audience.STAFF))
    ResponsePolicy.objects.update(askers_may_escalate=True)
    client.force_login(question.author)  # moved into a staff category after asking
    response = client.post(reverse("helpdesk:thread-escalate", args=[question.pk]), {"note": ""})
    assert response.status_code == 404


def test_the_sweep_sends_an_escalation_whose_message_was_lost(desk, receiver, django_capture_on_commit_callbacks):
    from helpdesk import tasks

    question = public_question()
    with django_capture_on_commit_callbacks():  # the hand-off's message is lost: never sent
        escalation = services.escalate_thread(question=question, by=UserFactory(roles=["agent"]))
    assert tasks.sweep_outbound() == {"webhooks": 0, "escalations": 0}  # not long enough ago
    Escalation.objects.filter(pk=escalation.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.sweep_outbound() == {"webhooks": 0, "escalations": 1}
    escalation.refresh_from_db()
    assert (escalation.status, escalation.ticket.external_id) == ("sent", "4711")
