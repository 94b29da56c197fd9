from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """In-app and email notifications, subscriptions, preferences and digests, for every app's events.

    The apps whose events people hear of know nothing of this one: their kinds, plans and followables
    are in plans/<app>.py, the follows that writing brings in handlers.py, the follow buttons on their
    pages in panels.py.
    """

    name = "notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from community import fragments

        from . import handlers, panels, plans, privacy, selectors

        fragments.read_on_every_page(selectors.keys_read)
        plans.connect()
        handlers.connect()
        panels.connect()
        privacy.connect()
        self._register_outbox()

    def _register_outbox(self) -> None:
        from community.metrics import register_outbox

        from .models import Delivery

        def oldest_pending():
            pending = Delivery.objects.filter(status=Delivery.Status.PENDING).order_by("created_at")
            return pending.values_list("created_at", flat=True).first()

        register_outbox("notification_deliveries", oldest_pending)
