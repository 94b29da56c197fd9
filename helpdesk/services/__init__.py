"""Every write of the helpdesk, one module per concern; callers use `from helpdesk import services`."""

from .agent_queue import dismiss_item, report_still_broken
from .links import clean_external_id, link_ticket, set_ticket_status, ticket_for, unlink_ticket
from .queue import enter_queue, resolve_items
from .routing import route_waiting_questions

__all__ = [
    "clean_external_id",
    "dismiss_item",
    "enter_queue",
    "link_ticket",
    "report_still_broken",
    "resolve_items",
    "route_waiting_questions",
    "set_ticket_status",
    "ticket_for",
    "unlink_ticket",
]
