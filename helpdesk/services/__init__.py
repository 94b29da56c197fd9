"""Every write of the helpdesk, one module per concern; callers use `from helpdesk import services`."""

from .escalation import escalate_thread
from .links import clean_external_id, link_ticket, set_ticket_status, ticket_for, unlink_ticket
from .publishing import Published, publish_solution
from .queue import enter_queue, resolve_items

__all__ = [
    "Published",
    "clean_external_id",
    "enter_queue",
    "escalate_thread",
    "link_ticket",
    "publish_solution",
    "resolve_items",
    "set_ticket_status",
    "ticket_for",
    "unlink_ticket",
]
