"""Short replies under a question or an answer, and replies to replies."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from community import events
from community.accounts.models import User

from .. import fragments
from ..kernel import check_can_write, remarks, render_with_mentions, require
from ..models import REPLY_MAX, Answer, Question, Reply
from ._common import publish_mentions, refuse_closed, touch


@transaction.atomic
def post_reply(
    *, question: Question, by: User, body: str, answer: Answer | None = None, parent: Reply | None = None
) -> Reply:
    """Reply under the question or an answer; with `parent`, in reply to another reply there."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.is_deleted or question.is_locked:
        refuse_closed(question)  # a closed question still takes replies (people say thanks)
    require(by, "forum.post_reply", question, _("Only members with a confirmed email address can reply."))
    check_can_write(by, "reply")
    if answer is not None and (answer.question_id != question.pk or answer.is_deleted):
        raise ValidationError(_("That answer is not part of this question."), code="bad_answer")
    if parent is not None and (
        parent.question_id != question.pk or parent.answer_id != (answer.pk if answer else None)
    ):
        raise ValidationError(_("You can only reply to a reply in the same thread."), code="bad_parent")
    body = remarks.remark_text(body, maximum=REPLY_MAX)
    rendered = render_with_mentions(body)
    reply = Reply.objects.create(
        question=question, answer=answer, parent=parent, author=by, body=body, body_html=rendered.html
    )
    post = answer or question
    type(post).objects.filter(pk=post.pk).update(reply_count=F("reply_count") + 1)
    touch(question, by=by)
    fragments.thread_changed(question.pk, lists=True)
    events.publish(
        events.ReplyPosted(
            question_id=question.pk,
            answer_id=answer.pk if answer else None,
            reply_id=reply.pk,
            author_id=by.pk,
            post_author_id=post.author_id,
            parent_author_id=parent.author_id if parent else None,
        )
    )
    publish_mentions(
        rendered, by=by, question_id=question.pk, answer_id=answer.pk if answer else None, reply_id=reply.pk
    )
    return reply


@transaction.atomic
def edit_reply(*, reply: Reply, by: User, body: str) -> Reply:
    require(by, "forum.edit_post", reply, _("You can no longer edit this reply."))
    check_can_write(by, "edit")
    reply = remarks.locked(reply)
    change = remarks.rewrite(
        reply, body, maximum=REPLY_MAX, refused_when_deleted=_("A deleted reply cannot be edited.")
    )
    if change is None:
        return reply
    fragments.thread_changed(reply.question_id)
    events.publish(
        events.PostEdited(
            question_id=reply.question_id,
            answer_id=reply.answer_id,
            reply_id=reply.pk,
            author_id=reply.author_id,
            editor_id=by.pk,
            revision=None,
        )
    )
    publish_mentions(
        change.rendered,
        by=by,
        question_id=reply.question_id,
        answer_id=reply.answer_id,
        reply_id=reply.pk,
        skip=change.mentioned_before(),
    )
    return reply


@transaction.atomic
def delete_reply(*, reply: Reply, by: User) -> Reply:
    require(by, "forum.delete_post", reply, _("Only the author or a moderator can delete this."))
    return remove_reply(reply=reply, by=by)


@transaction.atomic
def remove_reply(*, reply: Reply, by: User) -> Reply:
    """The soft delete itself, for the services that checked who may (deleting, hiding)."""
    reply = remarks.locked(reply)
    if not remarks.mark_deleted(reply, by=by):
        return reply
    post_model = Answer if reply.answer_id else Question
    post_model.objects.filter(pk=reply.answer_id or reply.question_id).update(reply_count=F("reply_count") - 1)
    fragments.thread_changed(reply.question_id, lists=True)
    events.publish(
        events.PostDeleted(
            question_id=reply.question_id,
            answer_id=reply.answer_id,
            reply_id=reply.pk,
            author_id=reply.author_id,
            by_user_id=by.pk,
        )
    )
    return reply
