"""Comments on ideas and replies to them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from community import events
from community.accounts.models import User
from forum.kernel import check_can_write, hold_reason, remarks, render_with_mentions, require
from forum.kernel.models import Removal

from ..fragments import comments_changed, lists_changed
from ..models import COMMENT_MAX, Idea, IdeaComment
from ._common import lock, refuse_merged, refuse_out_of_view


@transaction.atomic
def post_comment(*, idea: Idea, by: User, body: str, parent: IdeaComment | None = None) -> IdeaComment:
    """Comment on an idea, or reply to a comment; the idea's author and the person answered hear of it."""
    require(by, "ideas.post_comment", idea, _("Only members with a confirmed email address can comment."))
    check_can_write(by, "idea_comment")
    idea = lock(idea, no_key=True)
    refuse_merged(idea)
    refuse_out_of_view(idea)
    if parent is not None and (parent.idea_id != idea.pk or parent.is_deleted):
        raise ValidationError(_("That comment is no longer there to reply to."), code="bad_parent")
    body = remarks.remark_text(body, maximum=COMMENT_MAX)
    held = hold_reason(by, "idea_comment", body)
    comment = IdeaComment.objects.create(
        idea=idea,
        parent=parent,
        root_id=(parent.root_id or parent.pk) if parent else None,
        author=by,
        body=body,
        body_html=render_with_mentions(body).html,
        **({"deleted_at": timezone.now(), "removal": Removal.HELD, "removal_note": held} if held else {}),
    )
    comment.idea = idea
    if held:  # counted and told of once approved (forum.services.approve_content)
        events.publish(events.PostHeld(kind="idea_comment", object_id=comment.pk, author_id=by.pk, reason=held))
        return comment
    comment_comes_back(comment, by)
    publish_comment_new(comment)
    return comment


def publish_comment_new(comment: IdeaComment) -> None:
    """The news of a comment that is public for the first time."""
    events.publish(
        events.IdeaCommented(
            idea_id=comment.idea_id,
            comment_id=comment.pk,
            author_id=comment.author_id,
            idea_author_id=comment.idea.author_id,
            parent_author_id=comment.parent.author_id if comment.parent_id else None,
        )
    )


def comment_comes_back(comment: IdeaComment, by, was: str = "") -> None:
    """A comment enters public view (written, approved): its idea counts it."""
    Idea.objects.filter(pk=comment.idea_id).update(comment_count=F("comment_count") + 1)
    comments_changed(comment.idea_id)
    lists_changed()  # cards show the number of comments


def comment_leaves_view(comment: IdeaComment, by) -> None:
    """A public comment leaves view (deleted, hidden): its idea counts one less."""
    Idea.objects.filter(pk=comment.idea_id).update(comment_count=Greatest(F("comment_count") - 1, 0))
    comments_changed(comment.idea_id)
    lists_changed()


@transaction.atomic
def edit_comment(*, comment: IdeaComment, by: User, body: str) -> IdeaComment:
    require(by, "ideas.edit_comment", comment, _("You can no longer edit this comment."))
    check_can_write(by, "edit")
    comment = remarks.locked(comment)
    refused = _("A deleted comment cannot be edited.")
    if remarks.rewrite(comment, body, maximum=COMMENT_MAX, refused_when_deleted=refused) is not None:
        comments_changed(comment.idea_id)
    return comment


@transaction.atomic
def delete_comment(*, comment: IdeaComment, by: User) -> IdeaComment:
    """Soft delete: replies keep their place under a note that the comment was deleted."""
    require(by, "ideas.delete_comment", comment, _("Only the author or a moderator can delete this."))
    comment = remarks.locked(comment)
    if remarks.mark_deleted(comment, by=by):
        comment_leaves_view(comment, by)
    else:
        comments_changed(comment.idea_id)
    return comment
