"""How the helpdesk reacts to the forum's events and to what helpdesks report: quick, idempotent reactions."""

import uuid

from django.db.models import Exists, OuterRef

from community import events
from community.accounts.models import User
from forum.models import Answer

from . import services
from .models import QueueItem, ResponseRecord, TicketLink
from .services.routing import STAFF_ROLES, responder_kind

# The news of one forum event is published under an id made from that event's: delivered twice, the same news.
NAMESPACE = uuid.UUID("6f1c8a52-5d0e-4c1e-9b8e-2a3b4c5d6e7f")


def _tell_linkers(source: events.Event, *, question_id: int, answer_id: int, accepted: bool) -> None:
    links = list(
        TicketLink.objects.filter(question_id=question_id).values_list(
            "ticket_id", "linked_by_id", "linked_by__is_active"
        )
    )
    if not links:
        return
    agents = sorted({by for _, by, active in links if by is not None and active})
    events.publish(
        events.LinkedThreadAnswered(
            event_id=uuid.uuid5(NAMESPACE, f"linked-thread-answered:{source.event_id}"),
            question_id=question_id,
            answer_id=answer_id,
            accepted=accepted,
            agent_ids=tuple(agents),
            ticket_ids=tuple(sorted({ticket for ticket, _, _ in links})),
        )
    )


def on_answer_posted(event: events.AnswerPosted) -> None:
    """A staff answer on a linked thread: the agents who linked it hear; the solution is on the thread now."""
    if responder_kind(event.author_id) != ResponseRecord.By.STAFF:
        return
    services.resolve_items(
        question_id=event.question_id,
        reasons=[QueueItem.Reason.PUBLISH_ANSWER],
        resolution="staff_answer",
        by=User(pk=event.author_id),
    )
    _tell_linkers(event, question_id=event.question_id, answer_id=event.answer_id, accepted=False)


def on_answer_accepted(event: events.AnswerAccepted) -> None:
    """An accepted answer on a linked thread: the agents who linked it hear, with the answer's link."""
    services.resolve_items(
        question_id=event.question_id, reasons=[QueueItem.Reason.PUBLISH_ANSWER], resolution="answered"
    )
    _tell_linkers(event, question_id=event.question_id, answer_id=event.answer_id, accepted=True)


def on_ticket_status_changed(event: events.TicketStatusChanged) -> None:
    """A solved ticket whose solution is not on a linked thread yet puts that thread in the agent queue."""
    if event.new_status != "solved":
        return
    staff_answer_since_link = Answer.objects.filter(
        question_id=OuterRef("question_id"),
        deleted_at__isnull=True,
        created_at__gte=OuterRef("created_at"),
        author__groups__name__in=STAFF_ROLES,
    )
    waiting = (
        TicketLink.objects.filter(
            ticket_id=event.ticket_id, question__deleted_at__isnull=True, question__is_solved=False
        )
        .exclude(Exists(staff_answer_since_link))
        .select_related("ticket")
    )
    for link in waiting:
        services.enter_queue(
            question_id=link.question_id,
            reason=QueueItem.Reason.PUBLISH_ANSWER,
            waiting_since=event.occurred_at,
            note=f"{event.system} #{event.external_id}",
            ticket=link.ticket,
        )


def connect() -> None:
    events.subscribe(events.AnswerPosted, on_answer_posted)
    events.subscribe(events.AnswerAccepted, on_answer_accepted)
    events.subscribe(events.TicketStatusChanged, on_ticket_status_changed)
