"""How the helpdesk hears of questions and answers: each question's response record and its queue entries.

Subscribed in apps.py; quick and idempotent (each write is keyed by the question or only fills what is
still empty), so a repeated event changes nothing.
"""

from community import events

from .services import routing


def on_question_asked(event: events.QuestionAsked) -> None:
    # Published when the question is first public: asked, or approved after being held for review.
    routing.open_record(question_id=event.question_id)


def on_answer_posted(event: events.AnswerPosted) -> None:
    routing.record_answer(
        question_id=event.question_id,
        answer_id=event.answer_id,
        author_id=event.author_id,
        question_author_id=event.question_author_id,
        at=event.occurred_at,
    )


def on_answer_accepted(event: events.AnswerAccepted) -> None:
    routing.record_accept(
        question_id=event.question_id,
        answer_author_id=event.answer_author_id,
        question_author_id=event.question_author_id,
        at=event.occurred_at,
    )


def on_answer_unaccepted(event: events.AnswerUnaccepted) -> None:
    routing.record_unaccept(question_id=event.question_id)


def on_post_deleted(event: events.PostDeleted) -> None:
    # The forum publishes PostDeleted whenever a public question leaves view: deleted or hidden.
    if event.answer_id is None and event.reply_id is None:
        routing.question_gone(question_id=event.question_id)


def connect() -> None:
    events.subscribe(events.QuestionAsked, on_question_asked)
    events.subscribe(events.AnswerPosted, on_answer_posted)
    events.subscribe(events.AnswerAccepted, on_answer_accepted)
    events.subscribe(events.AnswerUnaccepted, on_answer_unaccepted)
    events.subscribe(events.PostDeleted, on_post_deleted)
