"""The authorization table's entries for ticket links, the inbound ticket status and publishing a solution from a
ticket (see authorization_table.py)."""

from helpdesk.models import Helpdesk, TicketLink

from .authorization_rules import NOBODY, Entry, Perm
from .authorization_table_posts import ANSWERS, BODY


def _desk() -> Helpdesk:
    """The world's helpdesk, made the first time an entry asks for it (it lasts for the module's world)."""
    return Helpdesk.objects.get_or_create(slug="matrix-desk", defaults={"name": "Matrix desk"})[0]


def _link(world) -> TicketLink:
    """A link each role may try to remove (each try is rolled back, so it is there for the next)."""
    ticket = _desk().tickets.get_or_create(external_id="M-1")[0]
    return TicketLink.objects.get_or_create(ticket=ticket, question=world.question)[0]


TICKETS = {
    "helpdesk:question-tickets": Entry(
        Perm("helpdesk.link_ticket"),
        args=("question",),
        data=lambda w, role: {"system": _desk().slug, "ticket": "M-2"},
        refusal="form",
    ),
    "helpdesk:ticket-unlink": Entry(Perm("helpdesk.unlink_ticket"), args=lambda w: [_link(w).pk]),
    # Signed with the helpdesk's secret, which no person has: a form post without the signature is refused.
    "helpdesk:inbound-status": Entry(
        NOBODY,
        args=lambda w: [_desk().slug],
        data={"ticket_id": "M-1", "status": "solved"},
        refusal="form",
        why="only the helpdesk, by the signature of its shared secret",
    ),
    "helpdesk:publish": Entry(
        Perm("helpdesk.publish_solution") & ANSWERS,
        data=lambda w, role: {"system": _desk().slug, "ticket": "M-3", "question": str(w.question.pk), "answer": BODY},
        refusal="form",
    ),
}
