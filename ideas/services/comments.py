"""Comments on ideas and replies to them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils.translation import gettext as _

from community import events
from community.accounts.models import User
from forum.kernel import check_can_write, remarks, render_with_mentions, require

from ..fragments import comments_changed, lists_changed
from ..models import COMMENT_MAX, Idea, IdeaComment
from ._common import lock, refuse_merged


@transaction.atomic
def post_comment(*, idea: Idea, by: User, body: str, parent: IdeaComment | None = None) -> IdeaComment:
    """Comment on an idea, or reply to a comment; the idea's author and the person answered hear of it."""
    require(by, "ideas.post_comment", idea, _("Only members with a confirmed email address can comment."))
    check_can_write(by, "idea_comment")
    idea = lock(idea, no_key=True)
    refuse_merged(idea)
    if parent is not None and (parent.idea_id != idea.pk or parent.is_deleted):
        raise ValidationError(_("That comment is no longer there to reply to."), code="bad_parent")
    body = remarks.remark_text(body, maximum=COMMENT_MAX)
    comment = IdeaComment.objects.create(
        idea=idea,
        parent=parent,
        root_id=(parent.root_id or parent.pk) if parent else None,
        author=by,
        body=body,
        body_html=render_with_mentions(body).html,
    )
    Idea.objects.filter(pk=idea.pk).update(comment_count=F("comment_count") + 1)
    comments_changed(idea.pk)
    lists_changed()  # cards show the number of comments
    events.publish(
        events.IdeaCommented(
            idea_id=idea.pk,
            comment_id=comment.pk,
            author_id=by.pk,
            idea_author_id=idea.author_id,
            parent_author_id=parent.author_id if parent else None,
        )
    )
    return comment


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
    if not remarks.mark_deleted(comment, by=by):
        return comment
    Idea.objects.filter(pk=comment.idea_id).update(comment_count=Greatest(F("comment_count") - 1, 0))
    comments_changed(comment.idea_id)
    lists_changed()
    return comment
