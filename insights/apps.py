from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    """What managers look at: response times, solved and deflection rates, mood, trends and watch lists.

    It listens to the other apps' events and reads their tables; nothing it computes changes what it measures.
    """

    name = "insights"
    label = "insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        from community import staff

        from . import permissions  # noqa: F401

        staff.register(
            staff.StaffPage(
                code="insights",
                label=_("Insights"),
                url_name="insights:dashboard",
                permission="insights.view_dashboard",
                order=80,
            )
        )
