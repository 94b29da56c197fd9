from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpdeskConfig(AppConfig):
    """The service team's side: ticket links, escalation, routing and the agent queue, the API and webhooks."""

    name = "helpdesk"
    label = "helpdesk"
    verbose_name = _("Helpdesk")

    def ready(self) -> None:
        from community import audit

        from . import permissions  # noqa: F401  (registers the rules)

        audit.register_action("ticket_linked", _("Ticket linked"), _describe_link)
        audit.register_action("ticket_unlinked", _("Ticket unlinked"), _describe_link)
        audit.register_action("api_token_created", _("API token created"), _describe_token)
        audit.register_action("api_token_revoked", _("API token revoked"), _describe_token)

        from community.api import mount

        from .api import router

        mount("/helpdesk/", router)


def _describe_link(data: dict) -> str:
    return f"{data['system']} #{data['ticket']} · /q/{data['question_id']}/"


def _describe_token(data: dict) -> str:
    return f"{data['token']} ({data['prefix']}…, {data['scope']})"
