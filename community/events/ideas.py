"""Events the idea board publishes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from .bus import Event


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
