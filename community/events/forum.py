"""Events the forum publishes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from .bus import Event

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


@dataclass(frozen=True, kw_only=True)
class PostedOnBehalf(Event):
    """An agent posted a question or an answer for a customer who phoned or wrote in; the customer is its
    author (QuestionAsked or AnswerPosted name them as usual), the agent only typed it."""

    question_id: int
    answer_id: int | None  # None: the question itself was posted for them
    author_id: int  # the customer
    by_user_id: int  # the agent


@dataclass(frozen=True, kw_only=True)
class InstantAnswerPosted(Event):
    """The automatic first reply to a question, with links to what the community already solved."""

    question_id: int
    instant_answer_id: int
    asker_id: int
    language: str
    links: int


@dataclass(frozen=True, kw_only=True)
class InstantAnswerConfirmed(Event):
    """Yes: the automatic reply solved the question (a deflection; nobody earns reputation for it)."""

    question_id: int
    instant_answer_id: int
    by_user_id: int
    link_kind: str
    link_object_id: int


@dataclass(frozen=True, kw_only=True)
class InstantAnswerDeclined(Event):
    """No: the automatic reply did not help; people should answer it first."""

    question_id: int
    instant_answer_id: int
    by_user_id: int
