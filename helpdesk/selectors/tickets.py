"""Reads for ticket links: the tickets of a thread, the threads of a ticket, the helpdesks to choose from."""

from forum.models import Question

from ..models import Helpdesk, Ticket, TicketLink


def active_helpdesks() -> list[Helpdesk]:
    """The helpdesks an agent can link tickets of (one query)."""
    return list(Helpdesk.objects.filter(is_active=True).order_by("name"))


def links_of_thread(question_id: int) -> list[TicketLink]:
    """The thread's linked tickets with their helpdesk and who linked them, oldest first (one query)."""
    return list(
        TicketLink.objects.filter(question_id=question_id)
        .select_related("ticket__helpdesk", "linked_by")
        .order_by("created_at", "pk")
    )


def ticket_or_none(system: str, external_id: str) -> Ticket | None:
    return Ticket.objects.select_related("helpdesk").filter(helpdesk__slug=system, external_id=external_id).first()


def threads_of_ticket(ticket: Ticket) -> list[TicketLink]:
    """The ticket's links with their thread and who linked them, newest first (one query)."""
    return list(
        TicketLink.objects.filter(ticket=ticket)
        .select_related("question__category", "linked_by")
        .order_by("-created_at", "-pk")
    )


def thread_or_none(reference: str) -> Question | None:
    """A thread named by its number or its address ("4711", "/q/4711/slug/", "https://site/q/4711/")."""
    text = (reference or "").strip()
    if "/q/" in text:
        text = text.split("/q/", 1)[1].split("/", 1)[0]
    text = text.lstrip("#")
    if not (text.isascii() and text.isdigit()) or len(text) > 12:
        return None
    return Question.objects.select_related("category").filter(pk=int(text)).first()
