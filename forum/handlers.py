"""How the forum reacts to its own events: the search index and the knowledge base follow the
posts, and the cached pages they change are dropped."""

from community import events

from . import fragments
from .models import SearchDocument
from .search.index import index_question

# Votes on answers and edits of answers or replies change a thread, not the lists.
THREAD_ONLY = (events.VoteCast, events.VoteRetracted, events.PostEdited)
# What can make a question's article appear, change or go.
ARTICLE_EVENTS = (
    events.AnswerAccepted,
    events.AnswerUnaccepted,
    events.PostEdited,
    events.PostDeleted,
    events.QuestionStateChanged,
)


def forget_fragments(event) -> None:
    fragments.thread_changed(event.question_id)
    if isinstance(event, THREAD_ONLY) and (getattr(event, "answer_id", None) or getattr(event, "reply_id", None)):
        return
    fragments.lists_changed()


def reindex(event) -> None:
    """Keep the question's search document current (a few milliseconds of SQL, after the commit)."""
    if isinstance(event, events.ReplyPosted) or getattr(event, "reply_id", None):
        return  # replies are not searched
    if isinstance(event, events.VoteCast | events.VoteRetracted):
        if event.answer_id is None:  # only the question's own score is kept with its document
            SearchDocument.objects.filter(kind="question", object_id=event.question_id).update(score=event.score)
        return
    index_question(event.question_id)


def update_article(event) -> None:
    from .tasks import sync_article

    if isinstance(event, events.QuestionStateChanged) and event.change != "moved":
        return
    sync_article.delay(question_id=event.question_id)


def forget_marks(event) -> None:
    """Ranks and super-user marks show beside authors: a change redraws every cached thread."""
    fragments.everything_changed()


def connect() -> None:
    for event_type in (events.SuperUserPromoted, events.SuperUserDemoted, events.RankReached):
        events.subscribe(event_type, forget_marks)
    for event_type in (
        events.QuestionAsked,
        events.AnswerPosted,
        events.ReplyPosted,
        events.VoteCast,
        events.VoteRetracted,
        events.AnswerAccepted,
        events.AnswerUnaccepted,
        events.QuestionClosed,
        events.QuestionReopened,
        events.QuestionMarkedDuplicate,
        events.QuestionStateChanged,
        events.PostEdited,
        events.PostDeleted,
    ):
        events.subscribe(event_type, forget_fragments)
        events.subscribe(event_type, reindex)
    for event_type in ARTICLE_EVENTS:
        events.subscribe(event_type, update_article)
