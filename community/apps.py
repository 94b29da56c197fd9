from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    """Cross-cutting pieces: site pages, health checks, demo data, template helpers."""

    name = "community"
    verbose_name = _("Community")

    def ready(self) -> None:
        from . import (
            checks,  # noqa: F401  (registers the deployment checks)
            fragments,
            selectors,
        )

        fragments.read_on_every_page(lambda request: [selectors.footer_key()])
