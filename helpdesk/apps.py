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
        _connect_outbound()
        _connect_on_behalf()


def _connect_outbound() -> None:
    """Webhooks hear of these events through a durable hand-off; the escalation button sits beside a thread."""
    from community import events

    from . import panels, tasks
    from .services.webhooks import PAYLOADS

    for event_type in PAYLOADS:
        events.subscribe_task(event_type, tasks.record_webhook_event)
    panels.connect()


def _connect_on_behalf() -> None:
    """Agents ask and answer for a customer who phoned or wrote in."""
    from community import staff
    from forum import panels as forum_panels

    from . import panels_on_behalf

    forum_panels.register_panel("question_actions", panels_on_behalf.answer_for_a_customer)
    staff.register(panels_on_behalf.ASK_FOR_A_CUSTOMER)


def _describe_link(data: dict) -> str:
    return f"{data['system']} #{data['ticket']} · /q/{data['question_id']}/"
