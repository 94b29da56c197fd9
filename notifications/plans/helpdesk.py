"""The helpdesk's news: agents hear that a thread they linked to a ticket was answered; super users that
an unanswered question of their topic waits for them.

Plans run in the worker (the fan-out); reads cross into the helpdesk and the forum, writes stay here.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community import events
from forum.models import Question

from .. import kinds
from ..services import News
from . import Plan, register
from .forum import who_can_see


def connect() -> None:
    _connect_offers()


# Offers: an unanswered question of their topic is offered to a few super users

OFFERED_KIND = "question_offered"


def describe_offered(count: int, params: dict) -> str:
    return _("A question in your topic waits for an answer: “%(title)s”") % {"title": params["title"]}


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
