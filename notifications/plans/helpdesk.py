"""The helpdesk's news: agents hear that a thread they linked to a ticket was answered; super users that
an unanswered question of their topic waits for them.

Plans run in the worker (the fan-out); reads cross into the helpdesk and the forum, writes stay here.
"""

from django.conf import settings
from django.utils.translation import gettext, gettext_lazy

from community import events
from forum.models import Answer, Question
from helpdesk.models import Ticket

from .. import kinds
from ..services import News
from . import Plan, register
from .forum import who_can_see

LINKED_ANSWERED = "linked_thread_answered"


def describe_linked_answered(count: int, params: dict) -> str:
    """The line says which tickets and carries the answer's full address, ready to paste into the ticket."""
    values = {"tickets": params.get("tickets", ""), "link": params.get("link", ""), "title": params.get("title", "")}
    if params.get("accepted"):
        return gettext("A thread linked to ticket %(tickets)s got an accepted answer: %(link)s") % values
    return gettext("A thread linked to ticket %(tickets)s was answered by staff: %(link)s") % values


def linked_thread_answered(event: events.LinkedThreadAnswered) -> Plan:
    answer = Answer.objects.filter(pk=event.answer_id).select_related("question").first()
    if answer is None or not event.agent_ids:
        return []
    question = answer.question
    tickets = Ticket.objects.filter(pk__in=event.ticket_ids).select_related("helpdesk").order_by("pk")
    path = f"{question.get_absolute_url()}#answer-{answer.pk}"
    news = News(
        key=str(event.event_id),
        kind=LINKED_ANSWERED,
        title=question.title,
        url=path,
        group_key=f"linked-answered:{answer.pk}:{'accepted' if event.accepted else 'staff'}",
        # A staff answer's author is not told of their own answer; an accept is told to every linking agent.
        actor_id=None if event.accepted else answer.author_id,
        params={
            "accepted": event.accepted,
            "tickets": ", ".join(f"{t.helpdesk.name} #{t.external_id}" for t in tickets),
            "link": f"{settings.SITE_URL}{path}",
            "title": question.title,
        },
        excerpt=answer.body[:300],
    )
    return [(news, list(event.agent_ids))]


def _connect_linked_answers() -> None:
    label = gettext_lazy("A thread I linked to a ticket got an accepted or staff answer")
    kinds.register(kinds.Kind(LINKED_ANSWERED, label, describe_linked_answered))
    register(events.LinkedThreadAnswered, linked_thread_answered)


# Offers: an unanswered question of their topic is offered to a few super users

OFFERED_KIND = "question_offered"


def describe_offered(count: int, params: dict) -> str:
    return gettext("A question in your topic waits for an answer: “%(title)s”") % {"title": params["title"]}


def question_offered(event: events.QuestionOffered) -> Plan:
    question = Question.objects.select_related("category").filter(pk=event.question_id, deleted_at__isnull=True).first()
    if question is None:
        return []
    news = News(
        key=str(event.event_id),
        kind=OFFERED_KIND,
        title=question.title,
        url=question.get_absolute_url(),
        group_key=f"question:{question.pk}:offered",
        excerpt=question.excerpt[:300],
    )
    return [(news, who_can_see(question.category, event.user_ids))]


def _connect_offers() -> None:
    kinds.register(kinds.Kind(OFFERED_KIND, gettext_lazy("Questions offered to me to answer"), describe_offered))
    register(events.QuestionOffered, question_offered)


def connect() -> None:
    _connect_linked_answers()
    _connect_offers()
