"""Checks the moderation app adds in front of every forum write."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from community.accounts.permissions import has_agent_privileges, has_super_user_privileges


def new_member_rate_limit(user, action: str) -> None:
    """New members may post NEW_MEMBER_POSTS_PER_HOUR questions, answers and replies an hour, in all."""
    now = timezone.now()
    if now - user.date_joined >= timedelta(days=settings.NEW_MEMBER_DAYS):
        return
    if has_super_user_privileges(user) or has_agent_privileges(user):
        return
    from forum.selectors import posts_since

    limit = settings.NEW_MEMBER_POSTS_PER_HOUR
    if posts_since(user, now - timedelta(hours=1)) >= limit:
        raise ValidationError(
            _(
                "New members can post %(limit)d times an hour. Please wait a little; "
                "this limit goes away after your first %(days)d days."
            )
            % {"limit": limit, "days": settings.NEW_MEMBER_DAYS},
            code="rate_limited",
        )
