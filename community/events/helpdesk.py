"""Events the helpdesk publishes: tickets linked to threads, their status, escalations and routing."""

from __future__ import annotations

from dataclasses import dataclass

from .bus import Event


@dataclass(frozen=True, kw_only=True)
class TicketLinked(Event):
    link_id: int
    ticket_id: int  # the Ticket row
    question_id: int
    system: str  # the helpdesk's slug
    external_id: str  # the ticket's number in that helpdesk
    by_user_id: int | None  # None: an integration linked it through the API


@dataclass(frozen=True, kw_only=True)
class TicketUnlinked(Event):
    ticket_id: int
    question_id: int
    system: str
    external_id: str
    by_user_id: int | None


@dataclass(frozen=True, kw_only=True)
class TicketStatusChanged(Event):
    ticket_id: int
    system: str
    external_id: str
    old_status: str
    new_status: str  # "open", "pending" or "solved"


@dataclass(frozen=True, kw_only=True)
class LinkedThreadAnswered(Event):
    """A thread with linked tickets got an accepted answer or a staff answer: the agents who linked it hear."""

    question_id: int
    answer_id: int
    accepted: bool  # True: accepted; False: a staff answer was posted
    agent_ids: tuple[int, ...]
    ticket_ids: tuple[int, ...]


@dataclass(frozen=True, kw_only=True)
class ThreadEscalated(Event):
    question_id: int
    escalation_id: int
    by_user_id: int


@dataclass(frozen=True, kw_only=True)
class QuestionOffered(Event):
    """An unanswered question was offered to these super users of its topic."""

    question_id: int
    user_ids: tuple[int, ...]


@dataclass(frozen=True, kw_only=True)
class QuestionQueued(Event):
    """A thread entered the agent queue; `reason` is a QueueItem.Reason value."""

    question_id: int
    item_id: int
    reason: str
