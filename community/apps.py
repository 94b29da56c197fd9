from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    """Cross-cutting pieces: site pages, health checks, demo data, template helpers."""

    name = "community"
    verbose_name = _("Community")
