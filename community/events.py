"""Domain events: how the apps tell each other what happened without importing each other.

A service publishes a fact inside its transaction. Handlers that other apps subscribed in their
`ready()` run once it commits, never after a rollback; Celery tasks subscribed with `subscribe_task`
are handed off durably (community/handoffs.py: a row in the publishing transaction, the message
after the commit). An event is a frozen dataclass of ids and plain values. It crosses to Celery as
`(type(event).__name__, event.as_task_kwargs())` and comes back as the same dataclass with `rebuild`:
every consumer reads typed attributes, never a dict by key, so a renamed field fails loudly.
Each app's events are declared here, where every app can see them, grouped by the app that
publishes them.
"""

from __future__ import annotations

import dataclasses
import logging
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

logger = logging.getLogger(__name__)

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
        from .handoffs import handoff

        values = {"event_type": type(event).__name__, "event": event.as_task_kwargs()}
        for task in tasks:
            handoff(task, key=f"{task.name}:{event.event_id}", **values)
    for handler in _handlers.get(type(event), ()):
        # robust=True: a failing handler is logged and does not undo the write or stop the others.
        # Django logs it by the callable's __qualname__, which a bare partial lacks, so the partial
        # wears the handler's name.
        transaction.on_commit(update_wrapper(partial(handler, event), handler), robust=True)


# forum
#
# `answer_id` is None when a vote, reply, edit or deletion concerns the question itself.


@dataclass(frozen=True, kw_only=True)
class QuestionAsked(Event):
    question_id: int
    author_id: int
    category_id: int
    language: str


@dataclass(frozen=True, kw_only=True)
class AnswerPosted(Event):
    question_id: int
    answer_id: int
    author_id: int
    question_author_id: int


@dataclass(frozen=True, kw_only=True)
class ReplyPosted(Event):
    question_id: int
    answer_id: int | None
    reply_id: int
    author_id: int
    post_author_id: int  # who wrote the question or answer the reply sits under
    parent_author_id: int | None  # who wrote the reply this one answers, if any


@dataclass(frozen=True, kw_only=True)
class VoteCast(Event):
    question_id: int
    answer_id: int | None
    voter_id: int
    post_author_id: int
    value: int  # +1 or -1
    score: int  # the post's score after the vote


@dataclass(frozen=True, kw_only=True)
class VoteRetracted(Event):
    question_id: int
    answer_id: int | None
    voter_id: int
    post_author_id: int
    value: int  # the value taken back
    cast_event_id: uuid.UUID  # the VoteCast this undoes
    score: int


@dataclass(frozen=True, kw_only=True)
class AnswerAccepted(Event):
    question_id: int
    answer_id: int
    answer_author_id: int
    question_author_id: int
    by_user_id: int


@dataclass(frozen=True, kw_only=True)
class AnswerUnaccepted(Event):
    question_id: int
    answer_id: int
    answer_author_id: int
    by_user_id: int
    accepted_event_id: uuid.UUID | None  # the AnswerAccepted this undoes


@dataclass(frozen=True, kw_only=True)
class QuestionClosed(Event):
    question_id: int
    by_user_id: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class QuestionReopened(Event):
    question_id: int
    by_user_id: int


@dataclass(frozen=True, kw_only=True)
class QuestionMarkedDuplicate(Event):
    question_id: int
    original_id: int
    by_user_id: int


@dataclass(frozen=True, kw_only=True)
class QuestionStateChanged(Event):
    """Locked, unlocked, pinned, unpinned, announced, moved: `change` says which."""

    question_id: int
    by_user_id: int
    change: str


@dataclass(frozen=True, kw_only=True)
class PostEdited(Event):
    question_id: int
    answer_id: int | None
    reply_id: int | None
    author_id: int
    editor_id: int
    revision: int | None  # None for replies, which keep no history


@dataclass(frozen=True, kw_only=True)
class PostDeleted(Event):
    question_id: int
    answer_id: int | None
    reply_id: int | None
    author_id: int
    by_user_id: int


@dataclass(frozen=True, kw_only=True)
class UserMentioned(Event):
    mentioned_user_id: int
    by_user_id: int
    question_id: int
    answer_id: int | None
    reply_id: int | None


@dataclass(frozen=True, kw_only=True)
class ContentImported(Event):
    """Another community's history was imported (a Stack Exchange dump). Nobody is notified of it: the
    posts are old; apps that derive something from all content (rankings) catch up."""

    source: str  # the site it came from
    category_id: int
    people: int
    questions: int
    answers: int
    replies: int


# ideas


@dataclass(frozen=True, kw_only=True)
class IdeaPosted(Event):
    idea_id: int
    author_id: int
    area_id: int | None


@dataclass(frozen=True, kw_only=True)
class IdeaVoted(Event):
    idea_id: int
    voter_id: int
    idea_author_id: int
    votes: int  # the idea's vote count after this vote


@dataclass(frozen=True, kw_only=True)
class IdeaVoteWithdrawn(Event):
    idea_id: int
    voter_id: int
    idea_author_id: int
    voted_event_id: uuid.UUID  # the IdeaVoted this undoes
    votes: int


@dataclass(frozen=True, kw_only=True)
class IdeaStatusChanged(Event):
    idea_id: int
    idea_author_id: int
    by_user_id: int
    old_status: str
    new_status: str
    response_id: int | None  # the official response given with the change, if any


@dataclass(frozen=True, kw_only=True)
class IdeaCommented(Event):
    idea_id: int
    comment_id: int
    author_id: int
    idea_author_id: int
    parent_author_id: int | None


@dataclass(frozen=True, kw_only=True)
class IdeaMerged(Event):
    idea_id: int  # the duplicate, now merged
    into_id: int
    by_user_id: int
    moved_voter_ids: tuple[int, ...]  # voters of the duplicate whose vote moved to the target


# moderation


@dataclass(frozen=True, kw_only=True)
class FlagUpheld(Event):
    """A flag on a post was upheld and the post hidden: one event per decision, however many flagged it."""

    flag_id: int
    post_author_id: int
    question_id: int
    answer_id: int | None
    reply_id: int | None
    reason: str
    by_user_id: int


@dataclass(frozen=True, kw_only=True)
class MemberRestricted(Event):
    """A moderator suspended or silenced a member (kind "suspended" or "silenced"), until `ends_at` or for good."""

    user_id: int
    restriction_id: int
    kind: str
    reason: str
    ends_at: datetime | None
    by_user_id: int


# visibility: a post of any kind (forum/moderatable.py names the kinds) leaves or comes back to public view


@dataclass(frozen=True, kw_only=True)
class PostHeld(Event):
    """A new post waits for review before anyone but its author and the reviewers sees it."""

    kind: str  # "question", "answer", "reply", "idea", "idea_comment"
    object_id: int
    author_id: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class PostHidden(Event):
    """A post was hidden: by a moderator (by_user_id), or by enough trusted flags (by_user_id None)."""

    kind: str
    object_id: int
    author_id: int
    by_user_id: int | None
    reason: str


@dataclass(frozen=True, kw_only=True)
class PostApproved(Event):
    """A held or hidden post is public again; `was` says which ("held" or "hidden")."""

    kind: str
    object_id: int
    author_id: int
    by_user_id: int
    was: str


@dataclass(frozen=True, kw_only=True)
class PostRestored(Event):
    """A forum post that was hidden is public again (the search index and the knowledge base take it back)."""

    question_id: int
    answer_id: int | None
    reply_id: int | None
    author_id: int
    by_user_id: int


@dataclass(frozen=True, kw_only=True)
class RestrictionLifted(Event):
    user_id: int
    restriction_id: int
    kind: str
    by_user_id: int


@dataclass(frozen=True, kw_only=True)
class ReviewAsked(Event):
    """The author of a hidden post asks moderators to look at it again."""

    kind: str
    object_id: int
    author_id: int


@dataclass(frozen=True, kw_only=True)
class PostFlagged(Event):
    flag_id: int
    kind: str
    object_id: int
    author_id: int
    reporter_id: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class AuthorWarned(Event):
    """A moderator warned a post's author, in their own words."""

    kind: str
    object_id: int
    author_id: int
    by_user_id: int
    message: str


# superusers


@dataclass(frozen=True, kw_only=True)
class BadgeAwarded(Event):
    user_id: int
    badge: str  # the badge's code
    award_id: int


@dataclass(frozen=True, kw_only=True)
class RankReached(Event):
    user_id: int
    rank: str


@dataclass(frozen=True, kw_only=True)
class SuperUserPromoted(Event):
    user_id: int
    by_user_id: int
    note: str


@dataclass(frozen=True, kw_only=True)
class SuperUserDemoted(Event):
    user_id: int
    by_user_id: int
    note: str
