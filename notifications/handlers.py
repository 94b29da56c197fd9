"""Notifications' own reactions to other apps' events: what writing follows, and followers a merge carries.

Who hears of an event is in plans/; this is what following changes. Quick, idempotent writes after the
commit; carrying the followers of a merged idea may be many rows, so a task does it, handed off durably.
"""

from django.apps import apps

from community import events

from . import services, tasks
from .models import Subscription


def _question(question_id: int):
    from forum.models import Question

    return Question(pk=question_id)


def _idea(idea_id: int):
    from ideas.models import Idea

    return Idea(pk=idea_id)


# Asking, answering or replying follows the question (unless the person unfollowed it before).


def follow_question_asked(event: events.QuestionAsked) -> None:
    services.follow_automatically(
        user_id=event.author_id, target=_question(event.question_id), reason=Subscription.Reason.ASKED
    )


def follow_question_answered(event: events.AnswerPosted) -> None:
    services.follow_automatically(
        user_id=event.author_id, target=_question(event.question_id), reason=Subscription.Reason.ANSWERED
    )


def follow_question_replied(event: events.ReplyPosted) -> None:
    services.follow_automatically(
        user_id=event.author_id, target=_question(event.question_id), reason=Subscription.Reason.REPLIED
    )


# Writing, voting and commenting follow the idea (unless the person unfollowed it before).


def follow_idea_posted(event: events.IdeaPosted) -> None:
    services.follow_automatically(
        user_id=event.author_id, target=_idea(event.idea_id), reason=Subscription.Reason.AUTHOR
    )


def follow_idea_voted(event: events.IdeaVoted) -> None:
    services.follow_automatically(user_id=event.voter_id, target=_idea(event.idea_id), reason=Subscription.Reason.VOTED)


def follow_idea_commented(event: events.IdeaCommented) -> None:
    services.follow_automatically(
        user_id=event.author_id, target=_idea(event.idea_id), reason=Subscription.Reason.REPLIED
    )


def connect() -> None:
    if apps.is_installed("forum"):
        events.subscribe(events.QuestionAsked, follow_question_asked)
        events.subscribe(events.AnswerPosted, follow_question_answered)
        events.subscribe(events.ReplyPosted, follow_question_replied)
    if apps.is_installed("ideas"):
        events.subscribe(events.IdeaPosted, follow_idea_posted)
        events.subscribe(events.IdeaVoted, follow_idea_voted)
        events.subscribe(events.IdeaCommented, follow_idea_commented)
        # The duplicate's followers follow the idea it went into: a task (perhaps many rows), handed off.
        events.subscribe_task(events.IdeaMerged, tasks.carry_followers)
