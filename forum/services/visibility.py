"""Held, hidden, approved, deleted: the forum owns every post's visibility, of every registered kind.

The review queue (moderation) and a post's author change it only through these services. Each works
on any kind in `forum.moderatable` (questions, answers, replies, and what the idea board registers):
the kind's `withdraw` runs when a public post leaves view, its `restore` when the post comes back, and
its `publish_new` when a post that was held since it was written is seen for the first time, so the
notifications, points and follows that waited for it happen now.

The `*_contents` services decide many posts in one transaction, with one row lock per kind (the review
queue's bulk actions).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community import events

from .. import moderatable
from ..kernel import require
from ..kernel.models import Removal

STATE = ("deleted_at", "deleted_by", "removal", "removal_note", "review_asked_at")


def _lock(posts: list) -> list:
    """Lock the posts' rows (one query per kind) and read their columns fresh onto the objects given, which
    keep what was fetched with them (a question, an author)."""
    by_model: dict[type, list] = {}
    for post in posts:
        by_model.setdefault(type(post), []).append(post)
    for model, group in by_model.items():
        fresh = model.objects.select_for_update(of=("self",)).in_bulk([post.pk for post in group])
        for post in group:
            row = fresh.get(post.pk)
            if row is None:
                raise ValidationError(_("This post is no longer there."), code="gone")
            for field in model._meta.concrete_fields:
                setattr(post, field.attname, getattr(row, field.attname))
    return posts


def _kind(post) -> moderatable.Kind:
    kind = moderatable.kind_of(post)
    if kind is None:
        raise ValidationError(_("This kind of post cannot be reviewed."), code="unknown_kind")
    return kind


def _save_state(post) -> None:
    post.save(update_fields=list(STATE))


def _hide(post, by, reason: str, trusted_flags: bool):
    kind = _kind(post)
    if post.is_trashed:
        raise ValidationError(_("This post was deleted already."), code="deleted")
    if post.is_hidden and post.review_asked_at is None:
        return post  # hidden already: a second click changes nothing
    was_public = not post.is_deleted
    post.deleted_at, post.deleted_by = post.deleted_at or timezone.now(), None if trusted_flags else by
    post.removal, post.removal_note, post.review_asked_at = Removal.HIDDEN, reason[:300], None
    _save_state(post)
    if was_public:
        kind.withdraw(post, by)
    events.publish(
        events.PostHidden(
            kind=kind.name,
            object_id=post.pk,
            author_id=post.author_id,
            by_user_id=None if trusted_flags else by.pk,
            reason=reason[:300],
        )
    )
    return post


def _approve(post, by):
    kind = _kind(post)
    if not post.is_deleted:
        return post  # public already (someone approved it a moment ago)
    if post.is_trashed:
        raise ValidationError(_("A deleted post cannot be approved."), code="deleted")
    was = post.removal
    post.deleted_at = post.deleted_by = post.review_asked_at = None
    post.removal, post.removal_note = "", ""
    _save_state(post)
    kind.restore(post, by, was)
    if was == Removal.HELD:
        kind.publish_new(post)
    events.publish(
        events.PostApproved(kind=kind.name, object_id=post.pk, author_id=post.author_id, by_user_id=by.pk, was=was)
    )
    return post


def _delete(post, by):
    kind = _kind(post)
    if post.is_trashed:
        return post
    was_public = not post.is_deleted
    post.deleted_at, post.deleted_by = post.deleted_at or timezone.now(), by
    post.removal, post.review_asked_at = Removal.DELETED, None
    _save_state(post)
    if was_public:
        kind.withdraw(post, by)
    return post


@transaction.atomic
def hide_content(*, post, by, reason: str = "", trusted_flags: bool = False):
    """Take a post out of public view for the community's sake; its author is told why and may ask again.

    `by` is the moderator or super user; with `trusted_flags` it is the last trusted member whose flag
    made enough (the flags decided, no permission asked) and the event names nobody.
    """
    if not trusted_flags:
        require(by, "forum.hide_post", post, _("Only super users and moderators can hide posts."))
    return _hide(_lock([post])[0], by, reason, trusted_flags)


@transaction.atomic
def approve_content(*, post, by):
    """Bring a held or hidden post (back) into public view: counts, lists, search, and the news that waited."""
    require(by, "forum.hide_post", post, _("Only super users and moderators can approve posts."))
    return _approve(_lock([post])[0], by)


@transaction.atomic
def delete_content(*, post, by):
    """Delete a post of any kind for good (its author, or a moderator from the review queue)."""
    require(by, "forum.delete_post", post, _("Only the author or a moderator can delete this."))
    return _delete(_lock([post])[0], by)


@transaction.atomic
def hide_contents(*, posts: list, by, reason: str = "") -> list:
    """Hide many posts at once (the review queue's bulk action), all or none."""
    for post in posts:
        require(by, "forum.hide_post", post, _("Only super users and moderators can hide posts."))
    return [_hide(post, by, reason, False) for post in _lock(posts)]


@transaction.atomic
def approve_contents(*, posts: list, by) -> list:
    """Approve many held or hidden posts at once (the review queue's bulk action), all or none."""
    for post in posts:
        require(by, "forum.hide_post", post, _("Only super users and moderators can approve posts."))
    return [_approve(post, by) for post in _lock(posts)]


@transaction.atomic
def delete_contents(*, posts: list, by) -> list:
    """Delete many posts at once (the review queue's bulk action), all or none."""
    for post in posts:
        require(by, "forum.delete_post", post, _("Only the author or a moderator can delete this."))
    return [_delete(post, by) for post in _lock(posts)]


@transaction.atomic
def ask_for_review(*, post, by):
    """The author of a hidden post, having mended it, asks moderators to look again: it waits in the queue."""
    require(by, "forum.ask_for_review", post, _("Only the author of a hidden post can ask for a review."))
    kind = _kind(post)
    post = _lock([post])[0]
    if not post.is_hidden:
        raise ValidationError(_("This post is not hidden."), code="not_hidden")
    if post.review_asked_at is not None:
        return post  # asked already: it waits in the queue
    post.review_asked_at = timezone.now()
    post.save(update_fields=["review_asked_at"])
    events.publish(events.ReviewAsked(kind=kind.name, object_id=post.pk, author_id=post.author_id))
    return post
