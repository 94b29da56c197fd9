from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    """Keeps the community healthy: rate limits now; flags, review queue and suspensions as they come."""

    name = "moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from community import staff
        from forum import checks as forum_checks
        from forum import panels as forum_panels

        from . import (
            checks,
            holds,
            panels,
            permissions,  # noqa: F401  (registers the rules)
        )

        forum_checks.register(checks.new_member_rate_limit)
        forum_checks.register_hold(holds.first_posts)
        forum_panels.register_panel("post_links", panels.flag_link)
        forum_panels.register_panel("idea_actions", panels.flag_link)
        staff.register(panels.REVIEW_QUEUE)
