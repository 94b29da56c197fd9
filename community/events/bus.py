"""The mechanism of domain events: the Event base, its registry by name, `rebuild` after JSON, and the
bus (`subscribe`, `subscribe_task`, `publish`). The event types are declared by publishing app beside it."""

from __future__ import annotations

import dataclasses
import types
import typing
import uuid
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, partial, update_wrapper
from typing import Any

from django.db import transaction
from django.utils import timezone

_types: dict[str, type[Event]] = {}


@dataclass(frozen=True, kw_only=True)
class Event:
    event_id: uuid.UUID = field(default_factory=uuid.uuid4)  # makes handlers idempotent
    occurred_at: datetime = field(default_factory=timezone.now)

    def __init_subclass__(cls, **kwargs) -> None:
        """Every event type is known by its name, so a task can rebuild it from a message."""
        super().__init_subclass__(**kwargs)
        known = _types.get(cls.__name__)
        if known is not None and (known.__module__, known.__qualname__) != (cls.__module__, cls.__qualname__):
            raise TypeError(f"two events named {cls.__name__}: {known.__module__} and {cls.__module__}")
        _types[cls.__name__] = cls

    def as_task_kwargs(self) -> dict[str, Any]:
        """Plain values for a Celery message (kombu's JSON encodes UUIDs and datetimes, not dataclasses)."""
        return dataclasses.asdict(self)


def event_types() -> list[type[Event]]:
    """Every event type declared so far."""
    return list(_types.values())


def rebuild(type_name: str, payload: Mapping[str, Any]) -> Event:
    """The event again from its name and `as_task_kwargs()`, after JSON (kombu's, or a database column).

    UUIDs, datetimes and tuples come back as such. A field the event does not have, or one it needs and
    the payload lacks, is a TypeError: a renamed field never passes as a missing value.
    """
    cls = _types.get(type_name)
    if cls is None:
        raise LookupError(f"no event type named {type_name!r}")
    hints = _field_types(cls)
    unknown = set(payload) - set(hints)
    if unknown:
        raise TypeError(f"{type_name} has no field {', '.join(sorted(unknown))}")
    return cls(**{name: _restore(hints[name], value, f"{type_name}.{name}") for name, value in payload.items()})


@cache
def _field_types(cls: type[Event]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls)}


def _restore(kind: Any, value: Any, where: str) -> Any:
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        (inner,) = [arg for arg in args if arg is not type(None)]
        return _restore(inner, value, where)
    if value is None:
        raise TypeError(f"{where} must not be None")
    if origin is tuple:
        inner = args[0]
        return tuple(_restore(inner, item, where) for item in value)
    if kind is uuid.UUID:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    if kind is datetime:
        return value if isinstance(value, datetime) else datetime.fromisoformat(value)
    if kind is float and isinstance(value, int):
        return float(value)
    if not isinstance(value, kind):
        raise TypeError(f"{where} should be {kind.__name__}, not {type(value).__name__}")
    return value


_handlers: defaultdict[type[Event], list[Callable[[Any], None]]] = defaultdict(list)
_tasks: defaultdict[type[Event], list[Any]] = defaultdict(list)


def _check_type(event_type) -> None:
    if not (isinstance(event_type, type) and issubclass(event_type, Event)):
        raise TypeError(f"subscribe to an event class, not {event_type!r}")


def subscribe(event_type: type[Event], handler: Callable[[Any], None]) -> None:
    """Call `handler` for every `event_type` published from now on; subscribing twice is harmless.

    A handler runs in the publishing process after the commit: quick reactions only. Work that must
    happen even if this process dies goes to a task with `subscribe_task`.
    """
    _check_type(event_type)
    if handler not in _handlers[event_type]:
        _handlers[event_type].append(handler)


def unsubscribe(event_type: type[Event], handler: Callable[[Any], None]) -> None:
    """Stop calling `handler` (tests use it to clean up after themselves)."""
    if handler in _handlers[event_type]:
        _handlers[event_type].remove(handler)


def subscribe_task(event_type: type[Event], task) -> None:
    """Hand every `event_type` to a Celery task, durably: a hand-off row in the publishing transaction
    (keyed by the task and the event, so it runs once), the message after the commit, the sweep if the
    message is lost. The task gets `event_type` and `event` (the event's values) and calls `rebuild`."""
    _check_type(event_type)
    if task not in _tasks[event_type]:
        _tasks[event_type].append(task)


def unsubscribe_task(event_type: type[Event], task) -> None:
    if task in _tasks[event_type]:
        _tasks[event_type].remove(task)


def subscriptions() -> list[tuple[type[Event], Callable]]:
    """(event type, handler or task) for everything subscribed: what tests check against the events' fields."""
    return [(t, h) for t, hs in _handlers.items() for h in hs] + [(t, k) for t, ks in _tasks.items() for k in ks]


def publish(event: Event) -> None:
    """Hand the event to its tasks in this transaction; run the handlers once it commits, never if it rolls back."""
    tasks = _tasks.get(type(event))
    if tasks:
        from community.handoffs import handoff

        values = {"event_type": type(event).__name__, "event": event.as_task_kwargs()}
        for task in tasks:
            handoff(task, key=f"{task.name}:{event.event_id}", **values)
    for handler in _handlers.get(type(event), ()):
        # robust=True: a failing handler is logged and does not undo the write or stop the others.
        # Django logs it by the callable's __qualname__, which a bare partial lacks, so the partial
        # wears the handler's name.
        transaction.on_commit(update_wrapper(partial(handler, event), handler), robust=True)
