from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuperusersConfig(AppConfig):
    """Reputation, ranks, badges, leaderboards and the super-user program, on the forum's and the idea
    board's events: neither of them knows this app exists, and it knows no app beside it."""

    name = "superusers"
    verbose_name = _("Reputation and super users")

    def ready(self) -> None:
        from community import audit, standing

        from . import (
            handlers,
            panels,
            permissions,  # noqa: F401  (registers the rules)
            privacy,
            selectors,
        )

        standing.register_reputation(selectors.reputations)
        handlers.connect()
        panels.connect()
        privacy.connect()
        audit.register_action("super_user_promoted", _("Made a super user"))
        audit.register_action("super_user_demoted", _("Super-user role ended"))
