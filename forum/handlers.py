"""How the forum reacts to its own events: the cached pages they change are dropped."""

from community import events

from . import fragments

# Votes on answers and edits of answers or replies change a thread, not the lists.
THREAD_ONLY = (events.VoteCast, events.VoteRetracted, events.PostEdited)


def forget_fragments(event) -> None:
    fragments.thread_changed(event.question_id)
    if isinstance(event, THREAD_ONLY) and (getattr(event, "answer_id", None) or getattr(event, "reply_id", None)):
        return
    fragments.lists_changed()


def connect() -> None:
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
