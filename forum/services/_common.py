"""What the forum's services share beyond the post kernel: mention events, revisions, activity bookkeeping."""

from django.core.exceptions import ValidationError
from django.db.models import F, Max
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from community import events
from community.accounts.models import User
from community.markdown import Rendered

from ..models import Category, Question, Revision


def publish_mentions(rendered: Rendered, *, by: User, question_id: int, answer_id=None, reply_id=None, skip=()) -> None:
    """A UserMentioned event per person mentioned, never for the writer, never twice for one post."""
    for user_id in sorted(rendered.mentioned - {by.pk, *skip}):
        events.publish(
            events.UserMentioned(
                mentioned_user_id=user_id,
                by_user_id=by.pk,
                question_id=question_id,
                answer_id=answer_id,
                reply_id=reply_id,
            )
        )


def refuse_closed(question: Question) -> None:
    """Nothing new under a deleted or locked question, and no new answer under a closed one."""
    if question.is_deleted:
        raise ValidationError(_("This question was deleted."), code="deleted")
    if question.is_locked:
        raise ValidationError(_("This question is locked: no new answers or replies."), code="locked")
    if question.is_closed:
        raise ValidationError(_("This question is closed: no new answers."), code="closed")


def save_revision(*, question=None, answer=None, title="", body, tags=(), by: User, note="") -> Revision:
    """Keep a question's or an answer's text as it is now, numbered after the revisions before it."""
    post_filter = {"question": question} if question is not None else {"answer": answer}
    last = Revision.objects.filter(**post_filter).aggregate(n=Max("number"))["n"] or 0
    return Revision.objects.create(
        **post_filter, number=last + 1, title=title, body=body, tags=", ".join(sorted(tags)), author=by, note=note[:200]
    )


def touch(question: Question, *, by: User) -> None:
    """Mark activity on a question and its category, so 'active' lists move it to the top."""
    now = timezone.now()
    Question.objects.filter(pk=question.pk).update(last_activity_at=now, last_activity_by=by)
    Category.objects.filter(pk=question.category_id).update(last_activity_at=now, last_question=question)


def bump_category(category_id: int, *, questions: int = 0, solved: int = 0) -> None:
    # Never below zero, even if a count drifted (rows written outside the services).
    Category.objects.filter(pk=category_id).update(
        question_count=Greatest(F("question_count") + questions, 0),
        solved_count=Greatest(F("solved_count") + solved, 0),
    )
