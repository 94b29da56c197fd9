"""Closing, reopening, duplicates, locks, pins, announcements and moves: the life of a question."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community import events
from community.accounts.models import User
from community.fragments import forget

from .. import fragments
from ..kernel import require
from ..models import Category, Question
from ..selectors import ANNOUNCEMENT_KEY
from ._common import bump_category
from .questions import check_category


def _locked(question: Question) -> Question:
    return Question.objects.select_for_update().get(pk=question.pk)


@transaction.atomic
def close_question(*, question: Question, by: User, reason: str, note: str = "") -> Question:
    require(by, "forum.close_question", question, _("Only super users and moderators can close questions."))
    if reason not in Question.CloseReason.values or reason == Question.CloseReason.DUPLICATE:
        raise ValidationError({"reason": _("Choose a reason for closing.")}, code="bad_reason")
    question = _locked(question)
    if question.is_closed:
        raise ValidationError(_("This question is already closed."), code="already_closed")
    question.closed_at, question.close_reason, question.close_note = timezone.now(), reason, (note or "")[:300]
    question.save(update_fields=["closed_at", "close_reason", "close_note"])
    fragments.thread_changed(question.pk, lists=True)
    events.publish(events.QuestionClosed(question_id=question.pk, by_user_id=by.pk, reason=reason))
    return question


@transaction.atomic
def reopen_question(*, question: Question, by: User) -> Question:
    require(by, "forum.close_question", question, _("Only super users and moderators can reopen questions."))
    question = _locked(question)
    if not question.is_closed:
        return question
    question.closed_at, question.close_reason, question.close_note, question.duplicate_of = None, "", "", None
    question.save(update_fields=["closed_at", "close_reason", "close_note", "duplicate_of"])
    fragments.thread_changed(question.pk, lists=True)
    events.publish(events.QuestionReopened(question_id=question.pk, by_user_id=by.pk))
    return question


@transaction.atomic
def mark_duplicate(*, question: Question, original: Question | None, by: User) -> Question:
    """Close as a duplicate; a banner on the question links the original."""
    require(by, "forum.mark_duplicate", question, _("Only super users and moderators can mark duplicates."))
    if original is not None:
        original = Question.objects.filter(pk=original.pk).select_related("category").first()
    if original is None or original.is_deleted:
        raise ValidationError({"original": _("Name an existing question.")}, code="no_original")
    if original.pk == question.pk:
        raise ValidationError({"original": _("A question cannot be a duplicate of itself.")}, code="itself")
    if original.duplicate_of_id is not None:
        raise ValidationError(
            {
                "original": _("That question is itself a duplicate; link its original (#%(id)d) instead.")
                % {"id": original.duplicate_of_id}
            },
            code="chain",
        )
    if not by.has_perm("forum.view_category", original.category):
        raise ValidationError({"original": _("Name an existing question.")}, code="no_original")
    question = _locked(question)
    question.duplicate_of = original
    question.closed_at = question.closed_at or timezone.now()
    question.close_reason, question.close_note = Question.CloseReason.DUPLICATE, ""
    question.save(update_fields=["duplicate_of", "closed_at", "close_reason", "close_note"])
    # Questions that pointed here now point to the original, so no chain ever forms; their banners change.
    pointed = list(Question.objects.filter(duplicate_of=question).values_list("pk", flat=True))
    Question.objects.filter(pk__in=pointed).update(duplicate_of=original)
    for pk in pointed:
        fragments.thread_changed(pk)
    fragments.thread_changed(question.pk, lists=True)
    events.publish(events.QuestionMarkedDuplicate(question_id=question.pk, original_id=original.pk, by_user_id=by.pk))
    return question


def _state_change(question: Question, by: User, change: str, **fields) -> Question:
    question = _locked(question)
    for name, value in fields.items():
        setattr(question, name, value)
    question.save(update_fields=list(fields))
    fragments.thread_changed(question.pk, lists=True)
    if change in {"pinned", "unpinned", "announced"}:
        forget(ANNOUNCEMENT_KEY)  # every page shows the banner from the cache
    events.publish(events.QuestionStateChanged(question_id=question.pk, by_user_id=by.pk, change=change))
    return question


@transaction.atomic
def lock_question(*, question: Question, by: User, locked: bool = True) -> Question:
    """A locked question takes no new answers, replies or edits (moderators excepted)."""
    require(by, "forum.lock_question", question, _("Only moderators can lock questions."))
    return _state_change(question, by, "locked" if locked else "unlocked", is_locked=locked)


@transaction.atomic
def pin_question(
    *, question: Question, by: User, pinned: bool = True, announce_until: datetime | None = None
) -> Question:
    """Pin on top of the lists; with `announce_until`, also show it site-wide until then (an outage notice)."""
    require(by, "forum.pin_question", question, _("Only moderators can pin questions."))
    if announce_until is not None and announce_until <= timezone.now():
        raise ValidationError({"announce_until": _("Choose a time in the future.")}, code="past")
    if not pinned:
        return _state_change(question, by, "unpinned", pinned_at=None, announcement_until=None)
    change = "announced" if announce_until else "pinned"
    return _state_change(question, by, change, pinned_at=timezone.now(), announcement_until=announce_until)


@transaction.atomic
def move_question(*, question: Question, by: User, category: Category) -> Question:
    require(by, "forum.move_question", question, _("Only moderators can move questions."))
    check_category(category, by)
    question = _locked(question)
    if category.pk == question.category_id:
        return question
    if not question.is_deleted:
        bump_category(question.category_id, questions=-1, solved=-int(question.is_solved))
        bump_category(category.pk, questions=1, solved=int(question.is_solved))
    return _state_change(question, by, "moved", category=category)
