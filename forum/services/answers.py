"""Answering, editing, deleting and accepting answers."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from community import events
from community.accounts.models import User

from .. import fragments
from ..kernel import already_mentioned, check_can_write, hold_reason, render_with_mentions, require, require_text
from ..kernel.models import Removal
from ..models import BODY_MAX, Answer, Question
from ._common import bump_category, publish_mentions, refuse_closed, save_revision, touch
from .on_behalf import check_customer_reads, check_on_behalf, publish_posted_on_behalf, revision_note


@transaction.atomic
def post_answer(*, question: Question, by: User, body: str, on_behalf_of: User | None = None) -> Answer:
    """Answer a question; the asker and the question's followers hear of it through the event.

    `on_behalf_of`: the customer an agent (`by`) answers for; they become the author (forum/services/on_behalf.py).
    """
    question = Question.objects.select_for_update().get(pk=question.pk)
    refuse_closed(question)
    require(by, "forum.post_answer", question, _("Only members with a confirmed email address can answer."))
    if on_behalf_of is not None:
        check_on_behalf(by=by, customer=on_behalf_of)
        check_customer_reads(question, on_behalf_of)
    check_can_write(by, "answer")
    author = on_behalf_of or by
    body = require_text(body, field="body", minimum=10, maximum=BODY_MAX)
    rendered = render_with_mentions(body)
    # Posted for a customer: staff vouched for it, so it is not held (the reviewers are staff too).
    held = None if on_behalf_of is not None else hold_reason(by, "answer", body, question_id=question.pk)
    answer = Answer.objects.create(
        question=question,
        author=author,
        on_behalf_by=by if on_behalf_of is not None else None,
        body=body,
        body_html=rendered.html,
        **({"deleted_at": timezone.now(), "removal": Removal.HELD, "removal_note": held} if held else {}),
    )
    save_revision(answer=answer, body=body, by=by, note=revision_note() if on_behalf_of is not None else "")
    answer.question = question
    if held:  # counted and told of once approved (forum.services.approve_content)
        fragments.thread_changed(question.pk)
        events.publish(events.PostHeld(kind="answer", object_id=answer.pk, author_id=by.pk, reason=held))
        return answer
    answer_comes_back(answer, by=author)
    publish_answer_new(answer, rendered=rendered)
    if on_behalf_of is not None:
        publish_posted_on_behalf(question_id=question.pk, answer_id=answer.pk, customer=author, by=by)
    return answer


def publish_answer_new(answer: Answer, *, rendered=None) -> None:
    """The news of an answer that is public for the first time: posted, and who it mentions."""
    events.publish(
        events.AnswerPosted(
            question_id=answer.question_id,
            answer_id=answer.pk,
            author_id=answer.author_id,
            question_author_id=answer.question.author_id,
        )
    )
    if rendered is None and "@" not in answer.body:
        return  # nobody mentioned: no Markdown to render again
    publish_mentions(
        rendered or render_with_mentions(answer.body),
        by=answer.author,
        question_id=answer.question_id,
        answer_id=answer.pk,
    )


def answer_comes_back(answer: Answer, *, by: User) -> None:
    """An answer enters public view (posted, approved): its question counts it and moves up in 'active'."""
    Question.objects.filter(pk=answer.question_id).update(answer_count=F("answer_count") + 1)
    touch(answer.question, by=User(pk=answer.author_id))
    fragments.thread_changed(answer.question_id, lists=True)


def answer_leaves_view(answer: Answer, *, by: User) -> None:
    """A public answer leaves view (deleted, hidden): its accepted mark goes, its question counts one less."""
    question = Question.objects.select_for_update().get(pk=answer.question_id)
    if answer.is_accepted:
        _unmark(answer, question=question, by=by)
    Question.objects.filter(pk=question.pk).update(answer_count=F("answer_count") - 1)
    fragments.thread_changed(question.pk, lists=True)
    events.publish(
        events.PostDeleted(
            question_id=question.pk, answer_id=answer.pk, reply_id=None, author_id=answer.author_id, by_user_id=by.pk
        )
    )


@transaction.atomic
def edit_answer(*, answer: Answer, by: User, body: str, note: str = "") -> Answer:
    require(by, "forum.edit_post", answer, _("You can no longer edit this answer."))
    check_can_write(by, "edit")
    answer = Answer.objects.select_for_update().select_related("question").get(pk=answer.pk)
    if answer.is_trashed:  # a held or hidden answer may be mended by its author
        raise ValidationError(_("A deleted answer cannot be edited."), code="deleted")
    body = require_text(body, field="body", minimum=10, maximum=BODY_MAX)
    if body == answer.body:
        return answer
    rendered = render_with_mentions(body)
    before = already_mentioned(answer.body, rendered)
    answer.body, answer.body_html = body, rendered.html
    answer.edited_at, answer.edited_by = timezone.now(), by
    answer.save(update_fields=["body", "body_html", "edited_at", "edited_by"])
    revision = save_revision(answer=answer, body=body, by=by, note=note)
    fragments.thread_changed(answer.question_id)
    events.publish(
        events.PostEdited(
            question_id=answer.question_id,
            answer_id=answer.pk,
            reply_id=None,
            author_id=answer.author_id,
            editor_id=by.pk,
            revision=revision.number,
        )
    )
    if not answer.is_deleted:  # mentions in a held or hidden answer wait until it is public
        publish_mentions(rendered, by=by, question_id=answer.question_id, answer_id=answer.pk, skip=before)
    return answer


@transaction.atomic
def delete_answer(*, answer: Answer, by: User) -> Answer:
    """Soft delete; an accepted answer loses its mark first, so the question is open again."""
    require(by, "forum.delete_post", answer, _("Only the author or a moderator can delete this."))
    return remove_answer(answer=answer, by=by)


@transaction.atomic
def remove_answer(*, answer: Answer, by: User) -> Answer:
    """The soft delete itself, for the services that checked who may (deleting, hiding)."""
    Question.objects.select_for_update().filter(pk=answer.question_id).first()  # the thread's lock first
    answer = Answer.objects.select_related("question").get(pk=answer.pk)
    if answer.is_trashed:
        return answer
    was_public = not answer.is_deleted
    answer.deleted_at, answer.deleted_by = answer.deleted_at or timezone.now(), by
    answer.removal, answer.review_asked_at = Removal.DELETED, None
    answer.save(update_fields=["deleted_at", "deleted_by", "removal", "review_asked_at"])
    if was_public:
        answer_leaves_view(answer, by=by)
    else:
        fragments.thread_changed(answer.question_id)
    return answer


def _unmark(answer: Answer, *, question: Question, by: User) -> None:
    event_id = answer.accept_event_id
    Answer.objects.filter(pk=answer.pk).update(
        is_accepted=False, accepted_at=None, accepted_by=None, accept_event_id=None
    )
    answer.is_accepted, answer.accepted_at, answer.accept_event_id = False, None, None
    if not question.solved_by_knowledge_base:  # the asker's Yes to the automatic reply still solves it
        Question.objects.filter(pk=question.pk).update(is_solved=False)
        bump_category(question.category_id, solved=-1)
        question.is_solved = False
    fragments.thread_changed(question.pk, lists=True)
    events.publish(
        events.AnswerUnaccepted(
            question_id=question.pk,
            answer_id=answer.pk,
            answer_author_id=answer.author_id,
            by_user_id=by.pk,
            accepted_event_id=event_id,
        )
    )


@transaction.atomic
def accept_answer(*, answer: Answer, by: User) -> Answer:
    """Mark the answer that solved the question; a later pick replaces an earlier one."""
    require(by, "forum.accept_answer", answer.question, _("Only the asker, a super user or a moderator can accept."))
    # Lock the question so two people accepting at once are served one after the other.
    question = Question.objects.select_for_update().get(pk=answer.question_id)
    answer = Answer.objects.get(pk=answer.pk)
    if answer.is_deleted:
        raise ValidationError(_("A deleted answer cannot be accepted."), code="deleted")
    if question.is_deleted:
        raise ValidationError(_("This question was deleted."), code="deleted")
    current = question.answers.filter(is_accepted=True).first()
    if current == answer:
        return answer  # a double click changes nothing
    if current is not None:
        _unmark(current, question=question, by=by)  # saved first, for the one-accepted constraint
    event = events.AnswerAccepted(
        question_id=question.pk,
        answer_id=answer.pk,
        answer_author_id=answer.author_id,
        question_author_id=question.author_id,
        by_user_id=by.pk,
    )
    answer.is_accepted, answer.accepted_at, answer.accepted_by = True, timezone.now(), by
    answer.accept_event_id = event.event_id
    answer.save(update_fields=["is_accepted", "accepted_at", "accepted_by", "accept_event_id"])
    Question.objects.filter(pk=question.pk).update(is_solved=True)
    if not question.is_solved:  # solved by the knowledge base already: counted then
        bump_category(question.category_id, solved=1)
    touch(question, by=by)
    fragments.thread_changed(question.pk, lists=True)
    events.publish(event)
    return answer


@transaction.atomic
def unaccept_answer(*, answer: Answer, by: User) -> Answer:
    """Take the mark back: the question is unsolved again."""
    require(by, "forum.accept_answer", answer.question, _("Only the asker, a super user or a moderator can do this."))
    question = Question.objects.select_for_update().get(pk=answer.question_id)
    answer = Answer.objects.get(pk=answer.pk)
    if answer.is_accepted:
        _unmark(answer, question=question, by=by)
    return answer
