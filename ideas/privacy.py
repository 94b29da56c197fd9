"""What the idea board keeps about a person, for their data export, and what erasing them does here.

Registered in community.privacy from IdeasConfig.ready(). Comments are removed through the board's own
service (counts and pages follow). Ideas stay in either case, shown as ideas of "Deleted member": other
people voted for them and staff answered them, and an idea has no deleted state to go to.
"""

from community import privacy

from . import services
from .models import Idea, IdeaComment, IdeaVote


def ideas(user) -> list[dict]:
    rows = Idea.objects.filter(author=user).select_related("area").prefetch_related("tags").order_by("pk")
    return [
        {
            "id": idea.pk,
            "title": idea.title,
            "body": idea.body,
            "product_area": idea.area.name if idea.area else None,
            "tags": sorted(tag.name for tag in idea.tags.all()),
            "status": idea.status,
            "votes": idea.vote_count,
            "created_at": idea.created_at,
            "edited_at": idea.edited_at,
            "merged_into": idea.merged_into_id,
            "url": idea.get_absolute_url(),
        }
        for idea in rows
    ]


def idea_votes(user) -> list[dict]:
    rows = IdeaVote.objects.filter(user=user).select_related("idea").order_by("pk")
    return [{"idea_id": vote.idea_id, "idea_title": vote.idea.title, "created_at": vote.created_at} for vote in rows]


def idea_comments(user) -> list[dict]:
    rows = IdeaComment.objects.filter(author=user).select_related("idea").order_by("pk")
    return [
        {
            "id": comment.pk,
            "idea_id": comment.idea_id,
            "idea_title": comment.idea.title,
            "in_reply_to": comment.parent_id,
            "body": comment.body,
            "created_at": comment.created_at,
            "edited_at": comment.edited_at,
            "deleted_at": comment.deleted_at,
            "url": comment.get_absolute_url(),
        }
        for comment in rows
    ]


def erase(user, remove_posts: bool) -> None:
    if remove_posts:
        for comment in IdeaComment.objects.filter(author=user, deleted_at__isnull=True).order_by("pk"):
            services.delete_comment(comment=comment, by=user)


def connect() -> None:
    privacy.register_exporter("ideas", ideas)
    privacy.register_exporter("idea_votes", idea_votes)
    privacy.register_exporter("idea_comments", idea_comments)
    privacy.register_eraser("ideas", erase)
