"""The forum's kinds of post in the registry of what can be flagged, held, hidden and approved."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community import events

from . import moderatable
from .models import Answer, Question, Reply
from .selectors import audiences
from .services import answers, questions, replies


def _restored(post, by, *, question_id, answer_id=None, reply_id=None) -> None:
    events.publish(
        events.PostRestored(
            question_id=question_id, answer_id=answer_id, reply_id=reply_id, author_id=post.author_id, by_user_id=by.pk
        )
    )


def _restore_question(question: Question, by, was: str) -> None:
    questions.question_comes_back(question, by=by)
    if was != "held":
        _restored(question, by, question_id=question.pk)


def _restore_answer(answer: Answer, by, was: str) -> None:
    answers.answer_comes_back(answer, by=by)
    if was != "held":
        _restored(answer, by, question_id=answer.question_id, answer_id=answer.pk)


def _restore_reply(reply: Reply, by, was: str) -> None:
    replies.reply_comes_back(reply, by=by)
    if was != "held":
        _restored(reply, by, question_id=reply.question_id, answer_id=reply.answer_id, reply_id=reply.pk)


def _in_audience(prefix: str):
    return lambda user: Q(**{f"{prefix}category__audience__in": audiences(user)})


def connect() -> None:
    moderatable.register(
        moderatable.Kind(
            name="question",
            model=Question,
            label=_("question"),
            title=lambda q: q.title,
            url=lambda q: q.get_absolute_url(),
            edit_url=lambda q: reverse("forum:question-edit", args=[q.pk]),
            withdraw=lambda q, by: questions.question_leaves_view(q, by=by),
            restore=_restore_question,
            publish_new=lambda q: questions.publish_question_new(q),
            audience=_in_audience(""),
            related=("author", "category"),
            question_id=lambda q: q.pk,
        )
    )
    moderatable.register(
        moderatable.Kind(
            name="answer",
            model=Answer,
            label=_("answer"),
            title=lambda a: a.question.title,
            url=lambda a: a.get_absolute_url(),
            edit_url=lambda a: reverse("forum:answer-edit", args=[a.pk]),
            withdraw=lambda a, by: answers.answer_leaves_view(a, by=by),
            restore=_restore_answer,
            publish_new=lambda a: answers.publish_answer_new(a),
            audience=_in_audience("question__"),
            related=("author", "question__author"),
            question_id=lambda a: a.question_id,
        )
    )
    moderatable.register(
        moderatable.Kind(
            name="reply",
            model=Reply,
            label=_("reply"),
            title=lambda r: r.question.title,
            url=lambda r: r.get_absolute_url(),
            edit_url=lambda r: reverse("forum:reply-edit", args=[r.pk]),
            withdraw=lambda r, by: replies.reply_leaves_view(r, by=by),
            restore=_restore_reply,
            publish_new=lambda r: replies.publish_reply_new(r),
            audience=_in_audience("question__"),
            related=("author", "question", "answer", "parent"),
            question_id=lambda r: r.question_id,
        )
    )
