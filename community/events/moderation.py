"""Events moderation publishes, and the visibility of posts of any kind."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .bus import Event


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
