"""Ideas and their comments in the forum's registry of what can be flagged, held, hidden and approved."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forum import moderatable

from .models import Idea, IdeaComment
from .services import comments, ideas


def connect() -> None:
    moderatable.register(
        moderatable.Kind(
            name="idea",
            model=Idea,
            label=_("idea"),
            title=lambda idea: idea.title,
            url=lambda idea: idea.get_absolute_url(),
            edit_url=lambda idea: reverse("ideas:idea-edit", args=[idea.pk]),
            withdraw=ideas.idea_leaves_view,
            restore=ideas.idea_comes_back,
            publish_new=ideas.publish_idea_new,
            related=("author",),
        )
    )
    moderatable.register(
        moderatable.Kind(
            name="idea_comment",
            model=IdeaComment,
            label=_("comment on an idea"),
            title=lambda comment: comment.idea.title,
            url=lambda comment: comment.get_absolute_url(),
            edit_url=lambda comment: reverse("ideas:comment-edit", args=[comment.pk]),
            withdraw=comments.comment_leaves_view,
            restore=comments.comment_comes_back,
            publish_new=comments.publish_comment_new,
            related=("author", "idea", "parent"),
        )
    )
