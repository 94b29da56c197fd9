from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """In-app and email notifications, subscriptions, preferences and digests."""

    name = "community.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from . import followables, handlers, panels

        followables._register_forum()
        handlers.connect()
        panels.connect()
