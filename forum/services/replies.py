"""Short replies under a question or an answer, and replies to replies."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from community import events
from community.accounts.models import User

from .. import fragments
from ..kernel import check_can_write, hold_reason, remarks, render_with_mentions, require
from ..kernel.models import Removal
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
    held = hold_reason(by, "reply", body, question_id=question.pk)
    reply = Reply.objects.create(
        question=question,
        answer=answer,
        parent=parent,
        author=by,
        body=body,
        body_html=rendered.html,
        **({"deleted_at": timezone.now(), "removal": Removal.HELD, "removal_note": held} if held else {}),
    )
    reply.question = question
    if held:  # counted and told of once approved (forum.services.approve_content)
        fragments.thread_changed(question.pk)
        events.publish(events.PostHeld(kind="reply", object_id=reply.pk, author_id=by.pk, reason=held))
        return reply
    reply_comes_back(reply, by=by)
    publish_reply_new(reply, rendered=rendered)
    return reply


def publish_reply_new(reply: Reply, *, rendered=None) -> None:
    """The news of a reply that is public for the first time: posted, and who it mentions."""
    post = reply.answer if reply.answer_id else reply.question
    events.publish(
        events.ReplyPosted(
            question_id=reply.question_id,
            answer_id=reply.answer_id,
            reply_id=reply.pk,
            author_id=reply.author_id,
            post_author_id=post.author_id,
            parent_author_id=reply.parent.author_id if reply.parent_id else None,
        )
    )
    if rendered is None and "@" not in reply.body:
        return  # nobody mentioned: no Markdown to render again
    publish_mentions(
        rendered or render_with_mentions(reply.body),
        by=reply.author,
        question_id=reply.question_id,
        answer_id=reply.answer_id,
        reply_id=reply.pk,
    )


def reply_comes_back(reply: Reply, *, by: User) -> None:
    """A reply enters public view (posted, approved): its post counts it, its thread moves up in 'active'."""
    post_model = Answer if reply.answer_id else Question
    post_model.objects.filter(pk=reply.answer_id or reply.question_id).update(reply_count=F("reply_count") + 1)
    touch(reply.question, by=User(pk=reply.author_id))
    fragments.thread_changed(reply.question_id, lists=True)


def reply_leaves_view(reply: Reply, *, by: User) -> None:
    """A public reply leaves view (deleted, hidden): its post counts one less."""
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
    if reply.is_deleted:  # mentions in a held or hidden reply wait until it is public
        return reply
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
    if remarks.mark_deleted(reply, by=by):
        reply_leaves_view(reply, by=by)
    else:
        fragments.thread_changed(reply.question_id)
    return reply
