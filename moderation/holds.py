"""The hold check moderation adds in front of every new post (forum.checks.register_hold)."""

from django.utils.translation import gettext as _

from forum import moderatable

from .models import Policy

POST_ACTIONS = frozenset({"question", "answer", "reply", "idea", "idea_comment"})


def first_posts(user, action: str, text: str) -> str | None:
    """With Policy.hold_first_posts, a member's posts wait for review until one of them was approved.

    Not only the very first: a second post written while the first still waits would otherwise slip past.
    """
    if action not in POST_ACTIONS or not Policy.current().hold_first_posts:
        return None
    for kind in moderatable.kinds():
        if kind.model.objects.filter(author_id=user.pk, deleted_at__isnull=True).exists():
            return None
    return _("First post of a new member")
