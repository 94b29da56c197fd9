"""The loop no other forum closes, walked through public paths only: a customer asks, an agent links the
ticket, the helpdesk reports it solved, the agent publishes the solution from the ticket, the customer
accepts it, it becomes a public knowledge-base article, and the next customer who asks finds it there
instead of asking (a deflection)."""

import json

import pytest
from django.urls import reverse

from forum.models import Answer, Article, AskSession, Question
from helpdesk import signing
from helpdesk.models import QueueItem, TicketLink
from notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.forum.factories import CategoryFactory

from .factories import HelpdeskFactory

pytestmark = pytest.mark.django_db

TITLE = "Calendar sync stops after the firmware update"
SOLUTION = (
    "Thanks Erika Mustermann (erika@example.com). Install firmware 2.4.2, then open Settings > Sync and "
    "sign in to the calendar account again: the sync resumes within a minute."
)


def test_a_ticket_becomes_a_public_answer_an_article_and_a_deflection(client, django_capture_on_commit_callbacks):
    def committed():
        return django_capture_on_commit_callbacks(execute=True)

    category = CategoryFactory()
    desk = HelpdeskFactory(name="Zendesk", slug="zendesk")
    customer = UserFactory(established=True)
    agent = UserFactory(roles=["agent"], established=True)
    linker = UserFactory(roles=["agent"], established=True)

    # A customer asks in the forum.
    client.force_login(customer)
    key = client.get(reverse("forum:ask")).context["ask_session"]
    with committed():
        response = client.post(
            reverse("forum:ask"),
            {
                "title": TITLE,
                "body": "Since the update last night my calendar does not sync any more, on every device.",
                "category": category.pk,
                "tags": "sync",
                "language": "en",
                "ask_session": key,
            },
        )
    question = Question.objects.get(title=TITLE)
    assert response.status_code == 302

    # An agent links the customer's ticket from the thread's panel.
    client.force_login(linker)
    with committed():
        client.post(reverse("helpdesk:question-tickets", args=[question.pk]), {"system": "zendesk", "ticket": "4711"})
    assert TicketLink.objects.filter(question=question, ticket__external_id="4711").exists()

    # The helpdesk reports the ticket solved: the thread waits for the answer to be published.
    client.logout()
    body = json.dumps({"ticket_id": "4711", "status": "solved"}).encode()
    with committed():
        response = client.post(
            reverse("helpdesk:inbound-status", args=["zendesk"]),
            body,
            content_type="application/json",
            headers=signing.headers_for(desk.secret, body),
        )
    assert response.status_code == 200
    item = QueueItem.objects.get(question=question, reason=QueueItem.Reason.PUBLISH_ANSWER, resolved_at=None)

    # An agent opens the publish page from the queue entry and publishes the solution, customer data left out.
    client.force_login(agent)
    prefill = {"question": item.question_id, "system": "zendesk", "ticket": item.ticket.external_id}
    page = client.get(reverse("helpdesk:publish"), prefill)
    assert page.status_code == 200 and page.context["form"].initial["ticket"] == "4711"
    with committed():
        response = client.post(
            reverse("helpdesk:publish"),
            {
                "system": "zendesk",
                "ticket": "4711",
                "question": str(question.pk),
                "answer": SOLUTION,
                "customer_name": "Erika Mustermann",
            },
        )
    assert response.status_code == 302
    answer = Answer.objects.get(question=question, author=agent)
    assert "erika@example.com" not in answer.body and "Mustermann" not in answer.body
    item.refresh_from_db()
    assert item.resolved_at is not None
    client.force_login(customer)
    assert "Staff" in client.get(question.get_absolute_url()).content.decode()  # the staff mark, from the role

    # The customer accepts it through the forum's own button.
    with committed():
        response = client.post(reverse("forum:answer-accept", args=[answer.pk]))
    assert response.status_code == 302
    # The agent who linked the ticket heard of the staff answer, then of the accept, with the link to paste.
    notes = [n.text() for n in Notification.objects.filter(recipient=linker, kind="linked_thread_answered")]
    assert len(notes) == 2 and any("got an accepted answer" in text for text in notes)
    assert all(f"{question.get_absolute_url()}#answer-{answer.pk}" in text for text in notes)

    # The accepted answer is a knowledge-base article, public to anyone.
    article = Article.objects.get(question=question)
    assert article.is_published and "firmware 2.4.2" in article.summary
    client.logout()
    public = client.get(article.get_absolute_url())
    assert public.status_code == 200 and "firmware 2.4.2" in public.content.decode()

    # The search shows it...
    found = client.get(reverse("forum:search"), {"q": "calendar sync firmware update"}).content.decode()
    assert article.get_absolute_url() in found

    # ...and the next customer, about to ask the same, is shown it, opens it and does not ask: a deflection.
    newcomer = UserFactory(established=True)
    client.force_login(newcomer)
    visit = client.get(reverse("forum:ask")).context["ask_session"]
    shown = client.post(
        reverse("forum:ask-similar"), {"title": "calendar sync stopped after update", "ask_session": visit}
    )
    suggestion = next(s for s in shown.context["suggestions"] if s.kind == "article")
    assert suggestion.url == article.get_absolute_url() and TITLE in shown.content.decode()
    opened = client.post(reverse("forum:ask-similar-open", args=[suggestion.document_id]), {"ask_session": visit})
    assert opened.status_code == 302 and opened.url == article.get_absolute_url()
    session = AskSession.objects.get(key=visit)
    assert session.shown >= 1 and session.clicked_id == suggestion.document_id and session.question_id is None
