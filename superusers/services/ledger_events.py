"""What each event is worth, and to whom: domain events in, ledger rows and badge checks out."""

from collections.abc import Callable

from django.db import transaction

from community import events

from ..models import PointRule
from .awards import award_badges
from .reputation import credit_reputation, derived_event_id, reverse_reputation

Code = PointRule.Code
# The idea board's statuses that mean an idea will be built (its own names, as the event carries them).
PLANNED_OR_LATER = {"planned", "in_progress", "done"}


def _category(question_id: int | None) -> int | None:
    from forum.models import Question

    return Question.objects.filter(pk=question_id).values_list("category_id", flat=True).first()


def _vote_cast(e: events.VoteCast) -> list[int]:
    if e.voter_id == e.post_author_id:
        return []  # no points for voting on oneself (the forum refuses it; imports or admins might not)
    on_answer = e.answer_id is not None
    code = {
        (True, 1): Code.ANSWER_UPVOTED,
        (True, -1): Code.ANSWER_DOWNVOTED,
        (False, 1): Code.QUESTION_UPVOTED,
        (False, -1): Code.QUESTION_DOWNVOTED,
    }[(on_answer, e.value)]
    credit_reputation(
        user_id=e.post_author_id,
        code=code,
        event_id=e.event_id,
        question_id=e.question_id,
        answer_id=e.answer_id,
        category_id=_category(e.question_id),
    )
    return [e.post_author_id, e.voter_id]


def _vote_retracted(e: events.VoteRetracted) -> list[int]:
    reverse_reputation(user_id=e.post_author_id, original_event_id=e.cast_event_id, event_id=e.event_id)
    return [e.post_author_id]


def _accepted(e: events.AnswerAccepted) -> list[int]:
    if e.answer_author_id == e.by_user_id:
        return []  # accepting your own answer earns nothing
    category = _category(e.question_id)
    credit_reputation(
        user_id=e.answer_author_id,
        code=Code.ANSWER_ACCEPTED,
        event_id=e.event_id,
        question_id=e.question_id,
        answer_id=e.answer_id,
        category_id=category,
    )
    if e.by_user_id == e.question_author_id:  # the asker, thanking: a little for them too
        credit_reputation(
            user_id=e.by_user_id,
            code=Code.ACCEPTED_AN_ANSWER,
            event_id=e.event_id,
            question_id=e.question_id,
            answer_id=e.answer_id,
            category_id=category,
        )
    return [e.answer_author_id, e.by_user_id]


def _unaccepted(e: events.AnswerUnaccepted) -> list[int]:
    if e.accepted_event_id is None:
        return []
    from forum.models import Question

    asker = Question.objects.filter(pk=e.question_id).values_list("author_id", flat=True).first()
    for user_id in {e.answer_author_id, asker} - {None}:
        reverse_reputation(user_id=user_id, original_event_id=e.accepted_event_id, event_id=e.event_id)
    return [e.answer_author_id]


def _idea_voted(e: events.IdeaVoted) -> list[int]:
    if e.voter_id == e.idea_author_id:
        return []
    credit_reputation(user_id=e.idea_author_id, code=Code.IDEA_VOTED, event_id=e.event_id, idea_id=e.idea_id)
    return [e.idea_author_id, e.voter_id]


def _idea_vote_withdrawn(e: events.IdeaVoteWithdrawn) -> list[int]:
    reverse_reputation(user_id=e.idea_author_id, original_event_id=e.voted_event_id, event_id=e.event_id)
    return [e.idea_author_id]


def _idea_status(e: events.IdeaStatusChanged) -> list[int]:
    if e.new_status not in PLANNED_OR_LATER:
        return [e.idea_author_id]
    # Once per idea, however often it goes back to "planned" (or straight to "in progress" or "done").
    credit_reputation(
        user_id=e.idea_author_id,
        code=Code.IDEA_PLANNED,
        event_id=derived_event_id("idea-planned", e.idea_id),
        idea_id=e.idea_id,
    )
    return [e.idea_author_id]


def _authored(e: events.AnswerPosted | events.QuestionAsked | events.ReplyPosted) -> list[int]:
    return [e.author_id]  # a badge for writing may be due


def _idea_posted(e: events.IdeaPosted) -> list[int]:
    credit_reputation(user_id=e.author_id, code=Code.IDEA_POSTED, event_id=e.event_id, idea_id=e.idea_id)
    return [e.author_id]


def _flag_upheld(e: events.FlagUpheld) -> list[int]:
    credit_reputation(
        user_id=e.post_author_id,
        code=Code.POST_FLAGGED,
        event_id=e.event_id,
        question_id=e.question_id,
        answer_id=e.answer_id,
        category_id=_category(e.question_id),
    )
    return [e.post_author_id]


def _edited(e: events.PostEdited) -> list[int]:
    return [e.editor_id]


APPLY: dict[type[events.Event], Callable] = {
    events.VoteCast: _vote_cast,
    events.VoteRetracted: _vote_retracted,
    events.AnswerAccepted: _accepted,
    events.AnswerUnaccepted: _unaccepted,
    events.IdeaVoted: _idea_voted,
    events.IdeaVoteWithdrawn: _idea_vote_withdrawn,
    events.IdeaStatusChanged: _idea_status,
    events.AnswerPosted: _authored,
    events.QuestionAsked: _authored,
    events.ReplyPosted: _authored,
    events.IdeaPosted: _idea_posted,
    events.FlagUpheld: _flag_upheld,
    events.PostEdited: _edited,
}


def apply_event(event: events.Event) -> bool:
    """Turn one event into ledger rows and badge checks; safe to run twice (the ledger is keyed by event)."""
    apply = APPLY.get(type(event))
    if apply is None:
        return False
    with transaction.atomic():
        people = apply(event)
    for user_id in {p for p in people if p}:
        award_badges(user_id=user_id)
    return True
