"""Asking, editing and deleting questions."""

import re
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community import events
from community.accounts.models import User

from .. import fragments
from ..kernel import already_mentioned, check_can_write, excerpt, render_with_mentions, require, require_text
from ..models import BODY_MAX, TITLE_MAX, TITLE_MIN, Category, Question
from ._common import bump_category, publish_mentions, save_revision
from .deflection import record_question_asked

MAX_TAGS = 5
TAG_PATTERN = re.compile(r"^[a-z0-9äöüß][a-z0-9äöüß+#.-]{0,28}[a-z0-9äöüß+#]$")


def clean_tags(raw) -> list[str]:
    """Tags from 'a, b c' or a list: lower case, no duplicates, at most five, each a short word."""
    if isinstance(raw, str):
        raw = re.split(r"[,\s]+", raw)
    tags: list[str] = []
    for tag in raw or []:
        tag = str(tag).strip().lower().replace("\x00", "")
        if tag and tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise ValidationError({"tags": _("Use at most %(n)d tags.") % {"n": MAX_TAGS}}, code="too_many_tags")
    bad = [tag for tag in tags if not TAG_PATTERN.match(tag)]
    if bad:
        raise ValidationError(
            {"tags": _("“%(tag)s” is not a tag: use 2 to 30 letters, digits or dashes.") % {"tag": bad[0][:40]}},
            code="bad_tag",
        )
    return tags


def check_category(category: Category | None, by: User) -> Category:
    """The category a person starts a thread in (by asking or by moving a question): one they may use."""
    if category is None or not by.has_perm("forum.view_category", category):
        raise ValidationError({"category": _("Choose one of the listed categories.")}, code="bad_category")
    if not by.has_perm("forum.start_thread", category):
        message = _(
            "Only staff (agents, moderators and admins) start new threads in “%(category)s”. "
            "Please choose another category."
        )
        raise ValidationError({"category": message % {"category": category.name}}, code="staff_only_category")
    return category


@transaction.atomic
def ask_question(
    *,
    by: User,
    title: str,
    body: str,
    category: Category | None,
    tags=(),
    language: str | None = None,
    ask_session: uuid.UUID | None = None,
) -> Question:
    """A member asks: the question, its first revision, and a QuestionAsked event.

    `ask_session`: the key of the ask page's visit, so its figures say that it ended in a question.
    """
    require(by, "forum.ask_question", message=_("Only members with a confirmed email address can ask."))
    check_can_write(by, "question")
    errors = {}
    try:
        title = require_text(title, field="title", minimum=TITLE_MIN, maximum=TITLE_MAX)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        body = require_text(body, field="body", minimum=20, maximum=BODY_MAX)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        category = check_category(category, by)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        tags = clean_tags(tags)
    except ValidationError as error:
        errors.update(error.message_dict)
    language = language or by.language
    if language not in Question.Language.values:
        errors["language"] = [_("Choose German or English.")]
    if errors:
        raise ValidationError(errors)
    rendered = render_with_mentions(body)
    now = timezone.now()
    question = Question.objects.create(
        author=by,
        title=title,
        body=body,
        body_html=rendered.html,
        excerpt=excerpt(rendered.html),
        category=category,
        language=language,
        created_at=now,
        last_activity_at=now,
        last_activity_by=by,
    )
    question.tags.set(tags)
    save_revision(question=question, title=title, body=body, tags=tags, by=by)
    bump_category(category.pk, questions=1)
    Category.objects.filter(pk=category.pk).update(last_activity_at=now, last_question=question)
    fragments.thread_changed(question.pk, lists=True)
    events.publish(
        events.QuestionAsked(question_id=question.pk, author_id=by.pk, category_id=category.pk, language=language)
    )
    publish_mentions(rendered, by=by, question_id=question.pk)
    record_question_asked(key=ask_session, by=by, question=question)
    return question


@transaction.atomic
def edit_question(
    *, question: Question, by: User, title: str, body: str, tags=None, category: Category | None = None, note=""
) -> Question:
    """Change a question's title, text or tags; the old version stays in the history."""
    require(by, "forum.edit_post", question, _("You can no longer edit this question."))
    check_can_write(by, "edit")
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.is_deleted:
        raise ValidationError(_("A deleted question cannot be edited."), code="deleted")
    errors = {}
    try:
        title = require_text(title, field="title", minimum=TITLE_MIN, maximum=TITLE_MAX)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        body = require_text(body, field="body", minimum=20, maximum=BODY_MAX)
    except ValidationError as error:
        errors.update(error.message_dict)
    old_tags = sorted(question.tags.names())
    try:
        new_tags = clean_tags(tags) if tags is not None else old_tags
    except ValidationError as error:
        errors.update(error.message_dict)
        new_tags = old_tags
    if category is not None and category.pk != question.category_id:
        try:
            check_category(category, by)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    if (title, body, sorted(new_tags)) == (question.title, question.body, old_tags) and (
        category is None or category.pk == question.category_id
    ):
        return question  # nothing changed: no revision, no event
    rendered = render_with_mentions(body)
    before = already_mentioned(question.body, rendered)
    question.title, question.body, question.body_html = title, body, rendered.html
    question.excerpt = excerpt(rendered.html)
    question.edited_at, question.edited_by = timezone.now(), by
    fields = ["title", "body", "body_html", "excerpt", "edited_at", "edited_by"]
    if category is not None and category.pk != question.category_id:
        bump_category(question.category_id, questions=-1, solved=-int(question.is_solved))
        bump_category(category.pk, questions=1, solved=int(question.is_solved))
        question.category = category
        fields.append("category")
    question.save(update_fields=fields)
    if sorted(new_tags) != old_tags:
        question.tags.set(new_tags)
    revision = save_revision(question=question, title=title, body=body, tags=new_tags, by=by, note=note)
    fragments.thread_changed(question.pk, lists=True)
    events.publish(
        events.PostEdited(
            question_id=question.pk,
            answer_id=None,
            reply_id=None,
            author_id=question.author_id,
            editor_id=by.pk,
            revision=revision.number,
        )
    )
    publish_mentions(rendered, by=by, question_id=question.pk, skip=before)
    return question


@transaction.atomic
def retag_question(*, question: Question, by: User, tags) -> Question:
    """Super users and moderators fix the tags of anyone's question."""
    require(by, "forum.retag_question", question, _("Only super users and moderators can retag questions."))
    return edit_question(
        question=question, by=by, title=question.title, body=question.body, tags=tags, note=_("Retagged")
    )


@transaction.atomic
def delete_question(*, question: Question, by: User) -> Question:
    """Soft delete: the question stays as a tombstone for its readers and its history."""
    require(by, "forum.delete_post", question, _("Only the author or a moderator can delete this."))
    return remove_question(question=question, by=by)


@transaction.atomic
def remove_question(*, question: Question, by: User) -> Question:
    """The soft delete itself, for the services that checked who may (deleting, hiding)."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.is_deleted:
        return question
    question.deleted_at, question.deleted_by = timezone.now(), by
    question.save(update_fields=["deleted_at", "deleted_by"])
    bump_category(question.category_id, questions=-1, solved=-int(question.is_solved))
    fragments.thread_changed(question.pk, lists=True)
    events.publish(
        events.PostDeleted(
            question_id=question.pk, answer_id=None, reply_id=None, author_id=question.author_id, by_user_id=by.pk
        )
    )
    return question
