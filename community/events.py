"""Domain events: how the apps tell each other what happened without importing each other.

A service publishes a fact inside its transaction; the handlers other apps subscribed in their
`ready()` run once it commits, never after a rollback. An event is a frozen dataclass of ids and
plain values, so it outlives the request and can go to Celery as `event.as_task_kwargs()`.
Each app's events are declared here, where every app can see them, grouped by the app that
publishes them.
"""

from __future__ import annotations

import dataclasses
import logging
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial, update_wrapper
from typing import Any

from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class Event:
    event_id: uuid.UUID = field(default_factory=uuid.uuid4)  # makes handlers idempotent
    occurred_at: datetime = field(default_factory=timezone.now)

    def as_task_kwargs(self) -> dict[str, Any]:
        """Plain values for a Celery message (kombu's JSON encodes UUIDs and datetimes, not dataclasses)."""
        return dataclasses.asdict(self)


# accounts


@dataclass(frozen=True, kw_only=True)
class MemberJoined(Event):
    user_id: int


@dataclass(frozen=True, kw_only=True)
class RolesChanged(Event):
    user_id: int
    added: tuple[str, ...]
    removed: tuple[str, ...]
    by_user_id: int | None


_handlers: defaultdict[type[Event], list[Callable[[Any], None]]] = defaultdict(list)


def subscribe(event_type: type[Event], handler: Callable[[Any], None]) -> None:
    """Call `handler` for every `event_type` published from now on; subscribing twice is harmless."""
    if handler not in _handlers[event_type]:
        _handlers[event_type].append(handler)


def unsubscribe(event_type: type[Event], handler: Callable[[Any], None]) -> None:
    """Stop calling `handler` (tests use it to clean up after themselves)."""
    if handler in _handlers[event_type]:
        _handlers[event_type].remove(handler)


def publish(event: Event) -> None:
    """Run the handlers once the current transaction commits, never if it rolls back."""
    for handler in _handlers[type(event)]:
        # robust=True: a failing handler is logged and does not undo the write or stop the others.
        # Django logs it by the callable's __qualname__, which a bare partial lacks, so the partial
        # wears the handler's name.
        transaction.on_commit(update_wrapper(partial(handler, event), handler), robust=True)
