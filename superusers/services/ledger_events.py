"""What each event is worth, and to whom: domain events in, ledger rows and badge checks out."""

import uuid

from django.db import transaction
from django.utils import timezone

from ..models import PendingEvent, PointRule
from .awards import award_badges
from .reputation import credit_reputation, derived_event_id, reverse_reputation

Code = PointRule.Code


def _category(question_id: int | None) -> int | None:
    from forum.models import Question

    return Question.objects.filter(pk=question_id).values_list("category_id", flat=True).first()


def _vote_cast(e: dict) -> list[int]:
    if e["voter_id"] == e["post_author_id"]:
        return []  # no points for voting on oneself (the forum refuses it; imports or admins might not)
    on_answer = e.get("answer_id") is not None
    code = {
        (True, 1): Code.ANSWER_UPVOTED,
        (True, -1): Code.ANSWER_DOWNVOTED,
        (False, 1): Code.QUESTION_UPVOTED,
        (False, -1): Code.QUESTION_DOWNVOTED,
    }[(on_answer, e["value"])]
    credit_reputation(
        user_id=e["post_author_id"],
        code=code,
        event_id=uuid.UUID(e["event_id"]),
        question_id=e["question_id"],
        answer_id=e.get("answer_id"),
        category_id=_category(e["question_id"]),
    )
    return [e["post_author_id"], e["voter_id"]]


def _vote_retracted(e: dict) -> list[int]:
    reverse_reputation(
        user_id=e["post_author_id"], original_event_id=uuid.UUID(e["cast_event_id"]), event_id=uuid.UUID(e["event_id"])
    )
    return [e["post_author_id"]]


def _accepted(e: dict) -> list[int]:
    if e["answer_author_id"] == e["by_user_id"]:
        return []  # accepting your own answer earns nothing
    event_id, category = uuid.UUID(e["event_id"]), _category(e["question_id"])
    credit_reputation(
        user_id=e["answer_author_id"],
        code=Code.ANSWER_ACCEPTED,
        event_id=event_id,
        question_id=e["question_id"],
        answer_id=e["answer_id"],
        category_id=category,
    )
    if e["by_user_id"] == e["question_author_id"]:  # the asker, thanking: a little for them too
        credit_reputation(
            user_id=e["by_user_id"],
            code=Code.ACCEPTED_AN_ANSWER,
            event_id=event_id,
            question_id=e["question_id"],
            answer_id=e["answer_id"],
            category_id=category,
        )
    return [e["answer_author_id"], e["by_user_id"]]


def _unaccepted(e: dict) -> list[int]:
    if not e.get("accepted_event_id"):
        return []
    from forum.models import Question

    asker = Question.objects.filter(pk=e["question_id"]).values_list("author_id", flat=True).first()
    for user_id in {e["answer_author_id"], asker} - {None}:
        reverse_reputation(
            user_id=user_id, original_event_id=uuid.UUID(e["accepted_event_id"]), event_id=uuid.UUID(e["event_id"])
        )
    return [e["answer_author_id"]]


def _idea_voted(e: dict) -> list[int]:
    if e["voter_id"] == e["idea_author_id"]:
        return []
    credit_reputation(
        user_id=e["idea_author_id"], code=Code.IDEA_VOTED, event_id=uuid.UUID(e["event_id"]), idea_id=e["idea_id"]
    )
    return [e["idea_author_id"], e["voter_id"]]


def _idea_vote_withdrawn(e: dict) -> list[int]:
    reverse_reputation(
        user_id=e["idea_author_id"], original_event_id=uuid.UUID(e["voted_event_id"]), event_id=uuid.UUID(e["event_id"])
    )
    return [e["idea_author_id"]]


def _idea_status(e: dict) -> list[int]:
    if e["new_status"] != "planned":
        return [e["idea_author_id"]]
    # Once per idea, however often it goes back to "planned".
    credit_reputation(
        user_id=e["idea_author_id"],
        code=Code.IDEA_PLANNED,
        event_id=derived_event_id("idea-planned", e["idea_id"]),
        idea_id=e["idea_id"],
    )
    return [e["idea_author_id"]]


def _activity(e: dict) -> list[int]:
    return [e.get("author_id") or e.get("by_user_id")]


APPLY = {
    "VoteCast": _vote_cast,
    "VoteRetracted": _vote_retracted,
    "AnswerAccepted": _accepted,
    "AnswerUnaccepted": _unaccepted,
    "IdeaVoted": _idea_voted,
    "IdeaVoteWithdrawn": _idea_vote_withdrawn,
    "IdeaStatusChanged": _idea_status,
    "AnswerPosted": _activity,
    "QuestionAsked": _activity,
    "ReplyPosted": _activity,
    "IdeaPosted": _activity,
    "PostEdited": lambda e: [e["editor_id"]],
}


def apply_event(*, event_id: str) -> bool:
    """Turn one pending event into ledger rows and badge checks; safe to run twice or after a crash."""
    pending = PendingEvent.objects.filter(event_id=event_id, done_at__isnull=True).first()
    if pending is None:
        return False
    with transaction.atomic():
        people = APPLY[pending.event_type](pending.payload)
    for user_id in {p for p in people if p}:
        award_badges(user_id=user_id)
    PendingEvent.objects.filter(pk=pending.pk).update(done_at=timezone.now())
    return True
