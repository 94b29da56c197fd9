from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """In-app and email notifications, subscriptions, preferences and digests."""

    name = "notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from . import followables, forum_plans, handlers, panels

        followables._register_forum()
        handlers.connect()
        forum_plans.connect()
        panels.connect()
