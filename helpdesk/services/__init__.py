"""Every write of the helpdesk, one module per concern; callers use `from helpdesk import services`."""

from .agent_queue import dismiss_item, report_still_broken
from .escalation import escalate_thread
from .links import clean_external_id, link_ticket, set_ticket_status, ticket_for, unlink_ticket
from .publishing import Published, publish_solution
from .queue import enter_queue, resolve_items
from .routing import route_waiting_questions

__all__ = [
    "Published",
    "clean_external_id",
    "dismiss_item",
    "enter_queue",
    "escalate_thread",
    "link_ticket",
    "publish_solution",
    "report_still_broken",
    "resolve_items",
    "route_waiting_questions",
    "set_ticket_status",
    "ticket_for",
    "unlink_ticket",
]
