from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpdeskConfig(AppConfig):
    """The service team's side: ticket links, escalation, routing and the agent queue, the API and webhooks."""

    name = "helpdesk"
    label = "helpdesk"
    verbose_name = _("Helpdesk")

    def ready(self) -> None:
        from community import audit, demo, events
        from community.api import mount

        from . import demo as helpdesk_demo
        from . import (
            handlers,
            panels,
            permissions,  # noqa: F401  (registers the rules)
            records,
            tasks,
        )
        from .api import router
        from .services.webhooks import PAYLOADS

        audit.register_action("ticket_linked", _("Ticket linked"), _describe_link)
        audit.register_action("ticket_unlinked", _("Ticket unlinked"), _describe_link)
        handlers.connect()
        records.connect()  # response records and routing against the response target
        panels.connect()
        # Webhooks hear of these events through a durable hand-off.
        for event_type in PAYLOADS:
            events.subscribe_task(event_type, tasks.record_webhook_event)
        audit.register_action("api_token_created", _("API token created"), _describe_token)
        audit.register_action("api_token_revoked", _("API token revoked"), _describe_token)
        demo.register(helpdesk_demo.seed)
        # The JSON API's helpdesk endpoints.
        mount("/helpdesk/", router)


def _describe_link(data: dict) -> str:
    return f"{data['system']} #{data['ticket']} · /q/{data['question_id']}/"


def _describe_token(data: dict) -> str:
    return f"{data['token']} ({data['prefix']}…, {data['scope']})"
