"""How the forum reacts to its own events: the search index and the knowledge base follow the posts.

Its cached pages are forgotten by the services that change them (forum/fragments.py), not here.
"""

import typing

from community import events

from . import tasks
from .models import SearchDocument
from .search.index import index_question

# What changes a question's search document.
Indexed = (
    events.QuestionAsked
    | events.AnswerPosted
    | events.VoteCast
    | events.VoteRetracted
    | events.AnswerAccepted
    | events.AnswerUnaccepted
    | events.QuestionClosed
    | events.QuestionReopened
    | events.QuestionMarkedDuplicate
    | events.QuestionStateChanged
    | events.PostEdited
    | events.PostDeleted
    | events.PostRestored
    | events.InstantAnswerConfirmed  # solved by the knowledge base: its document is solved too
)
# What can make a question's article appear, change or go (forum.tasks.sync_article, handed off durably).
ARTICLE_EVENTS = (
    events.AnswerAccepted,
    events.AnswerUnaccepted,
    events.PostEdited,
    events.PostDeleted,
    events.PostRestored,
    events.QuestionStateChanged,
)


def reindex(event: Indexed) -> None:
    """Keep the question's search document current (a few milliseconds of SQL, after the commit)."""
    if isinstance(event, events.PostEdited | events.PostDeleted | events.PostRestored) and event.reply_id is not None:
        return  # replies are not searched
    if isinstance(event, events.VoteCast | events.VoteRetracted):
        if event.answer_id is None:  # only the question's own score is kept with its document
            SearchDocument.objects.filter(kind="question", object_id=event.question_id).update(score=event.score)
        return
    index_question(event.question_id)


def connect() -> None:
    for event_type in typing.get_args(Indexed):
        events.subscribe(event_type, reindex)
    for event_type in ARTICLE_EVENTS:
        events.subscribe_task(event_type, tasks.sync_article)
    events.subscribe_task(events.QuestionAsked, tasks.answer_instantly)
