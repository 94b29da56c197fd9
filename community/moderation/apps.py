from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    """Keeps the community healthy: rate limits now; flags, review queue and suspensions as they come."""

    name = "community.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from forum import checks as forum_checks

        from . import checks

        forum_checks.register(checks.new_member_rate_limit)
