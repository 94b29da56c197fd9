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

        # Routing against the response target, and the agent queue
        from community import staff
        from forum import panels as forum_panels

        from . import panels, records

        records.connect()
        staff.register(panels.AGENT_QUEUE)
        staff.register(panels.OFFERED_QUESTIONS)
        forum_panels.register_panel("question_actions", panels.still_broken)


def _describe_link(data: dict) -> str:
    return f"{data['system']} #{data['ticket']} · /q/{data['question_id']}/"
