"""An accepted or staff answer on a linked thread: the agents who linked it hear, with the answer's full address."""

import pytest
from django.conf import settings

from community import events
from forum import services as forum_services
from notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.forum.factories import QuestionFactory

from .factories import TicketLinkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked():
    asker = UserFactory()
    question = QuestionFactory(author=asker, title="The invoice PDF is empty")
    agent = UserFactory(roles=["agent"])
    link = TicketLinkFactory(
        question=question, linked_by=agent, ticket__helpdesk__name="Zendesk", ticket__external_id="4711"
    )
    return question, agent, link


def test_an_accepted_answer_tells_the_linking_agent_with_the_answers_link(
    linked, django_capture_on_commit_callbacks, event_log
):
    question, agent, link = linked
    with django_capture_on_commit_callbacks(execute=True):
        answer = forum_services.post_answer(question=question, by=UserFactory(), body="Open it in another viewer.")
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.accept_answer(answer=answer, by=question.author)
    told = [e for e in event_log if isinstance(e, events.LinkedThreadAnswered)]
    assert len(told) == 1
    assert (told[0].accepted, told[0].agent_ids, told[0].ticket_ids) == (True, (agent.pk,), (link.ticket_id,))
    notification = Notification.objects.get(recipient=agent, kind="linked_thread_answered")
    address = f"{settings.SITE_URL}{question.get_absolute_url()}#answer-{answer.pk}"
    assert notification.url == f"{question.get_absolute_url()}#answer-{answer.pk}"
    assert "Zendesk #4711" in notification.text() and address in notification.text()
    assert "accepted" in notification.text()


def test_a_members_answer_tells_nobody_but_a_staff_answer_does(linked, django_capture_on_commit_callbacks, event_log):
    question, agent, _ = linked
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.post_answer(question=question, by=UserFactory(), body="Same here, no idea.")
    assert not [e for e in event_log if isinstance(e, events.LinkedThreadAnswered)]
    colleague = UserFactory(roles=["moderator"])
    with django_capture_on_commit_callbacks(execute=True):
        answer = forum_services.post_answer(question=question, by=colleague, body="Update to version 2.4 fixes it.")
    told = [e for e in event_log if isinstance(e, events.LinkedThreadAnswered)]
    assert len(told) == 1 and told[0].accepted is False and told[0].answer_id == answer.pk
    notification = Notification.objects.get(recipient=agent, kind="linked_thread_answered")
    assert "answered by staff" in notification.text()


def test_the_agent_who_answers_is_not_told_of_their_own_answer(linked, django_capture_on_commit_callbacks):
    question, agent, _ = linked
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.post_answer(question=question, by=agent, body="Update to version 2.4 fixes it.")
    assert not Notification.objects.filter(recipient=agent, kind="linked_thread_answered").exists()


def test_an_unlinked_thread_publishes_nothing(django_capture_on_commit_callbacks, event_log):
    question = QuestionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        answer = forum_services.post_answer(
            question=question, by=UserFactory(roles=["agent"]), body="Staff answer here."
        )
        forum_services.accept_answer(answer=answer, by=question.author)
    assert not [e for e in event_log if isinstance(e, events.LinkedThreadAnswered)]


def test_links_made_by_integrations_or_people_who_left_tell_no_one_but_still_publish(
    django_capture_on_commit_callbacks, event_log
):
    question = QuestionFactory()
    TicketLinkFactory(question=question, linked_by=None)
    TicketLinkFactory(question=question, linked_by=UserFactory(roles=["agent"], is_active=False))
    with django_capture_on_commit_callbacks(execute=True):
        answer = forum_services.post_answer(question=question, by=UserFactory(), body="Open it in another viewer.")
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.accept_answer(answer=answer, by=question.author)
    told = [e for e in event_log if isinstance(e, events.LinkedThreadAnswered)]
    assert len(told) == 1 and told[0].agent_ids == () and len(told[0].ticket_ids) == 2
    assert not Notification.objects.filter(kind="linked_thread_answered").exists()


def test_the_same_accept_delivered_twice_tells_the_agent_once(linked, django_capture_on_commit_callbacks, event_log):
    from helpdesk import handlers

    question, agent, _ = linked
    with django_capture_on_commit_callbacks(execute=True):
        answer = forum_services.post_answer(question=question, by=UserFactory(), body="Open it in another viewer.")
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.accept_answer(answer=answer, by=question.author)
    accepted = next(e for e in event_log if isinstance(e, events.AnswerAccepted))
    with django_capture_on_commit_callbacks(execute=True):
        handlers.on_answer_accepted(accepted)
    told = [e for e in event_log if isinstance(e, events.LinkedThreadAnswered)]
    assert len(told) == 2 and told[0].event_id == told[1].event_id
    assert Notification.objects.filter(recipient=agent, kind="linked_thread_answered").count() == 1
