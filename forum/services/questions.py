"""Asking, editing and deleting questions."""

import re
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from community import events
from community.accounts.models import User

from .. import fragments
from ..kernel import (
    already_mentioned,
    check_can_write,
    excerpt,
    hold_reason,
    render_with_mentions,
    require,
    require_text,
)
from ..kernel.models import Removal
from ..models import BODY_MAX, TITLE_MAX, TITLE_MIN, Category, Question
from ._common import bump_category, publish_mentions, save_revision
from .deflection import record_question_asked
from .on_behalf import check_customer_category, check_on_behalf, publish_posted_on_behalf, revision_note

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
    on_behalf_of: User | None = None,
) -> Question:
    """A member asks: the question, its first revision, and a QuestionAsked event.

    `ask_session`: the key of the ask page's visit, so its figures say that it ended in a question.
    `on_behalf_of`: the customer an agent (`by`) asks for; they become the asker (forum/services/on_behalf.py).
    """
    require(by, "forum.ask_question", message=_("Only members with a confirmed email address can ask."))
    if on_behalf_of is not None:
        check_on_behalf(by=by, customer=on_behalf_of)
    check_can_write(by, "question")
    author = on_behalf_of or by
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
        if on_behalf_of is not None:
            check_customer_category(category, on_behalf_of)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        tags = clean_tags(tags)
    except ValidationError as error:
        errors.update(error.message_dict)
    language = language or author.language
    if language not in Question.Language.values:
        errors["language"] = [_("Choose German or English.")]
    if errors:
        raise ValidationError(errors)
    rendered = render_with_mentions(body)
    now = timezone.now()
    # Posted for a customer: staff vouched for it, so it is not held (the reviewers are staff too).
    held = None if on_behalf_of is not None else hold_reason(by, "question", f"{title}\n{body}")
    question = Question.objects.create(
        author=author,
        on_behalf_by=by if on_behalf_of is not None else None,
        title=title,
        body=body,
        body_html=rendered.html,
        excerpt=excerpt(rendered.html),
        category=category,
        language=language,
        created_at=now,
        last_activity_at=now,
        last_activity_by=author,
        **({"deleted_at": now, "removal": Removal.HELD, "removal_note": held} if held else {}),
    )
    question.tags.set(tags)
    note = revision_note() if on_behalf_of is not None else ""
    save_revision(question=question, title=title, body=body, tags=tags, by=by, note=note)
    record_question_asked(key=ask_session, by=by, question=question)
    if held:  # counted, listed and told of once approved (forum.services.approve_content)
        fragments.thread_changed(question.pk)
        events.publish(events.PostHeld(kind="question", object_id=question.pk, author_id=by.pk, reason=held))
        return question
    question_comes_back(question, by=author)
    publish_question_new(question, rendered=rendered)
    if on_behalf_of is not None:
        publish_posted_on_behalf(question_id=question.pk, answer_id=None, customer=author, by=by)
    return question


def publish_question_new(question: Question, *, rendered=None) -> None:
    """The news of a question that is public for the first time: asked, and who it mentions."""
    events.publish(
        events.QuestionAsked(
            question_id=question.pk,
            author_id=question.author_id,
            category_id=question.category_id,
            language=question.language,
        )
    )
    if rendered is None and "@" not in question.body:
        return  # nobody mentioned: no Markdown to render again
    publish_mentions(rendered or render_with_mentions(question.body), by=question.author, question_id=question.pk)


def question_comes_back(question: Question, *, by: User) -> None:
    """A question enters public view (asked, approved): its category counts it and shows it as the latest."""
    bump_category(question.category_id, questions=1, solved=int(question.is_solved))
    Category.objects.filter(pk=question.category_id).update(last_activity_at=timezone.now())
    latest_question_shown(question.category_id)
    fragments.thread_changed(question.pk, lists=True)


def latest_question_shown(category_id: int) -> None:
    """The category's latest question (the home page shows it) is its latest public one."""
    latest = Question.objects.filter(category_id=category_id, deleted_at__isnull=True).order_by("-last_activity_at")
    Category.objects.filter(pk=category_id).update(last_question=Subquery(latest.values("pk")[:1]))


def question_leaves_view(question: Question, *, by: User) -> None:
    """A public question leaves view (deleted, hidden): out of its category's counts, the search index and
    the knowledge base (through PostDeleted)."""
    bump_category(question.category_id, questions=-1, solved=-int(question.is_solved))
    latest_question_shown(question.category_id)
    fragments.thread_changed(question.pk, lists=True)
    events.publish(
        events.PostDeleted(
            question_id=question.pk, answer_id=None, reply_id=None, author_id=question.author_id, by_user_id=by.pk
        )
    )


@transaction.atomic
def edit_question(
    *, question: Question, by: User, title: str, body: str, tags=None, category: Category | None = None, note=""
) -> Question:
    """Change a question's title, text or tags; the old version stays in the history."""
    require(by, "forum.edit_post", question, _("You can no longer edit this question."))
    check_can_write(by, "edit")
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.is_trashed:  # a held or hidden question may be mended by its author
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
        if not question.is_deleted:  # a question out of view is in no category's counts
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
    if not question.is_deleted:  # mentions in a held or hidden question wait until it is public
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
    if question.is_trashed:
        return question
    was_public = not question.is_deleted
    question.deleted_at, question.deleted_by = question.deleted_at or timezone.now(), by
    question.removal, question.review_asked_at = Removal.DELETED, None
    question.save(update_fields=["deleted_at", "deleted_by", "removal", "review_asked_at"])
    if was_public:
        question_leaves_view(question, by=by)
    else:
        fragments.thread_changed(question.pk)
    return question
