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
