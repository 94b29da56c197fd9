"""How notifications react to other apps' events: quick, idempotent, the slow part in Celery."""

import logging

from community import events

from . import services
from .models import FanOut, Subscription

logger = logging.getLogger(__name__)


def record_and_fan_out(event: events.Event) -> None:
    """A row first (so the sweep can finish what a killed worker left), then the task."""
    from .tasks import run_fanout

    _, created = FanOut.objects.get_or_create(
        event_id=event.event_id, defaults={"event_type": type(event).__name__, "payload": event.as_task_kwargs()}
    )
    if created:
        run_fanout.delay(event_id=str(event.event_id))


def follow_question_asked(event: events.QuestionAsked) -> None:
    from forum.models import Question

    services.follow_automatically(
        user_id=event.author_id, target=Question(pk=event.question_id), reason=Subscription.Reason.ASKED
    )


def follow_question_answered(event: events.AnswerPosted) -> None:
    from forum.models import Question

    services.follow_automatically(
        user_id=event.author_id, target=Question(pk=event.question_id), reason=Subscription.Reason.ANSWERED
    )


def follow_question_replied(event: events.ReplyPosted) -> None:
    from forum.models import Question

    services.follow_automatically(
        user_id=event.author_id, target=Question(pk=event.question_id), reason=Subscription.Reason.REPLIED
    )


def connect() -> None:
    events.subscribe(events.QuestionAsked, follow_question_asked)
    events.subscribe(events.AnswerPosted, follow_question_answered)
    events.subscribe(events.ReplyPosted, follow_question_replied)
