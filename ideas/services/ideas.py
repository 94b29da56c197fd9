"""Suggesting and editing ideas, and turning a forum thread into one."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community import events
from community.accounts.models import User
from forum.kernel import check_can_write, excerpt, hold_reason, render_with_mentions, require, require_text
from forum.kernel.models import Removal
from forum.models import Question
from forum.services import clean_tags

from ..fragments import forget_thread_panels, ideas_changed, lists_changed
from ..models import BODY_MAX, BODY_MIN, TITLE_MAX, TITLE_MIN, Idea, IdeaThreadLink, ProductArea
from ._common import lock, refuse_merged, reindex


def _clean(*, title: str, body: str, area, tags) -> tuple[str, str, ProductArea | None, list[str]]:
    """The fields as the services store them; every problem at once, per field."""
    errors: dict[str, list] = {}
    cleaned = {}
    for field, value, minimum, maximum in (
        ("title", title, TITLE_MIN, TITLE_MAX),
        ("body", body, BODY_MIN, BODY_MAX),
    ):
        try:
            cleaned[field] = require_text(value, field=field, minimum=minimum, maximum=maximum)
        except ValidationError as error:
            errors.update(error.message_dict)
    try:
        cleaned["tags"] = clean_tags(tags)
    except ValidationError as error:
        errors.update(error.message_dict)
    if area is not None and not (isinstance(area, ProductArea) and ProductArea.objects.filter(pk=area.pk).exists()):
        errors["area"] = [_("Choose one of the listed product areas.")]
    if errors:
        raise ValidationError(errors)
    return cleaned["title"], cleaned["body"], area, cleaned["tags"]


def _create(*, author: User, by: User, title: str, body: str, area, tags, held: str | None = None) -> Idea:
    rendered = render_with_mentions(body)
    idea = Idea.objects.create(
        **({"deleted_at": timezone.now(), "removal": Removal.HELD, "removal_note": held} if held else {}),
        author=author,
        created_by=by if by.pk != author.pk else None,
        title=title,
        body=body,
        body_html=rendered.html,
        excerpt=excerpt(rendered.html),
        area=area,
    )
    if tags:
        idea.tags.set(tags)
    reindex(idea.pk)
    if held:  # on the board, and told of, once approved (forum.services.approve_content)
        events.publish(events.PostHeld(kind="idea", object_id=idea.pk, author_id=author.pk, reason=held))
        return idea
    lists_changed()
    publish_idea_new(idea)
    return idea


def publish_idea_new(idea: Idea) -> None:
    """The news of an idea that is on the board for the first time."""
    events.publish(events.IdeaPosted(idea_id=idea.pk, author_id=idea.author_id, area_id=idea.area_id))


def idea_leaves_view(idea: Idea, by) -> None:
    """An idea leaves the board (hidden, deleted): its lists, counts and linked threads' panels forget it."""
    forget_thread_panels(idea_ids=[idea.pk])
    ideas_changed(idea.pk)
    lists_changed()


def idea_comes_back(idea: Idea, by, was: str = "") -> None:
    idea_leaves_view(idea, by)  # the same caches, forgotten the same way


@transaction.atomic
def post_idea(*, by: User, title: str, body: str, area: ProductArea | None = None, tags=()) -> Idea:
    """A member suggests an idea; they follow it from now on and hear of every answer to it."""
    require(by, "ideas.post_idea", message=_("Only members with a confirmed email address can suggest ideas."))
    check_can_write(by, "idea")
    title, body, area, tags = _clean(title=title, body=body, area=area, tags=tags)
    held = hold_reason(by, "idea", f"{title}\n{body}")
    return _create(author=by, by=by, title=title, body=body, area=area, tags=tags, held=held)


@transaction.atomic
def edit_idea(*, idea: Idea, by: User, title: str, body: str, area: ProductArea | None = None, tags=()) -> Idea:
    """The author corrects their idea within the edit window; moderators and admins at any time."""
    require(by, "ideas.edit_idea", idea, _("You can no longer edit this idea."))
    check_can_write(by, "edit")
    idea = lock(idea)
    refuse_merged(idea)
    if idea.is_trashed:
        raise ValidationError(_("A deleted idea cannot be edited."), code="deleted")
    title, body, area, tags = _clean(title=title, body=body, area=area, tags=tags)
    rendered = render_with_mentions(body) if body != idea.body else None
    if rendered is not None:
        idea.body, idea.body_html, idea.excerpt = body, rendered.html, excerpt(rendered.html)
    idea.title, idea.area = title, area
    idea.edited_at, idea.edited_by = timezone.now(), by
    idea.save(update_fields=["title", "body", "body_html", "excerpt", "area", "edited_at", "edited_by"])
    idea.tags.set(tags)
    reindex(idea.pk)
    forget_thread_panels(idea_ids=[idea.pk])
    ideas_changed(idea.pk)
    lists_changed()
    return idea


@transaction.atomic
def idea_from_thread(
    *, question: Question, by: User, title: str, body: str, area: ProductArea | None = None, tags=()
) -> Idea:
    """A moderator or super user turns a forum thread into an idea: the asker is its author, the thread is linked."""
    require(by, "ideas.idea_from_thread", question, _("Only super users and moderators can turn threads into ideas."))
    if question.is_deleted or not by.has_perm("forum.view_category", question.category):
        raise ValidationError(_("That thread is no longer there."), code="no_thread")
    title, body, area, tags = _clean(title=title, body=body, area=area, tags=tags)
    idea = _create(author=question.author, by=by, title=title, body=body, area=area, tags=tags)
    IdeaThreadLink.objects.create(idea=idea, question=question, by=by)
    forget_thread_panels(question_ids=[question.pk])
    return idea
