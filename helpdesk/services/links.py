"""Linking tickets to threads and taking links away; the status a helpdesk reports for a ticket."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community import audit, events
from community.accounts.models import User
from forum.models import Question

from ..models import ApiToken, Helpdesk, Ticket, TicketLink

EXTERNAL_ID_MAX = Ticket._meta.get_field("external_id").max_length


def clean_external_id(value) -> str:
    """A ticket number as helpdesks write them: letters, digits and - _ . / #, at most 64 characters."""
    text = str(value or "").strip().lstrip("#").strip()
    if not text:
        raise ValidationError({"ticket": _("Enter the ticket number.")}, code="required")
    if len(text) > EXTERNAL_ID_MAX:
        raise ValidationError({"ticket": _("A ticket number has at most %(n)d characters.") % {"n": EXTERNAL_ID_MAX}})
    if not all(c.isalnum() or c in "-_./" for c in text):
        raise ValidationError(
            {"ticket": _("A ticket number has only letters, digits and - _ . /")}, code="bad_ticket_number"
        )
    return text


def ticket_for(helpdesk: Helpdesk, external_id: str, *, url: str = "") -> Ticket:
    """The ticket row for this number, made when first seen; a newly given address is kept."""
    ticket, created = Ticket.objects.get_or_create(
        helpdesk=helpdesk, external_id=external_id, defaults={"url": url or ""}
    )
    if url and not created and ticket.url != url:
        Ticket.objects.filter(pk=ticket.pk).update(url=url)
        ticket.url = url
    return ticket


@transaction.atomic
def link_ticket(
    *,
    question: Question,
    helpdesk: Helpdesk,
    external_id,
    url: str = "",
    by: User | None,
    via: str = TicketLink.Via.PAGE,
    token: ApiToken | None = None,
) -> TicketLink:
    """Link a ticket to a thread; the same ticket twice on one thread is refused. `by` None: an integration."""
    if by is not None and not by.has_perm("helpdesk.link_ticket"):
        raise PermissionDenied(_("Only agents and moderators link tickets."))
    external_id = clean_external_id(external_id)
    if not helpdesk.is_active:
        raise ValidationError({"system": _("This helpdesk is switched off.")}, code="inactive_helpdesk")
    if question.deleted_at is not None:
        raise ValidationError(_("This thread was deleted."), code="deleted")
    ticket = ticket_for(helpdesk, external_id, url=url)
    try:
        with transaction.atomic():
            link = TicketLink.objects.create(ticket=ticket, question=question, linked_by=by, via=via, token=token)
    except IntegrityError:
        raise ValidationError(
            {"ticket": _("Ticket %(ticket)s is linked to this thread already.") % {"ticket": external_id}},
            code="duplicate_link",
        ) from None
    audit.record(
        actor=by,
        action="ticket_linked",
        subject=None,
        question_id=question.pk,
        system=helpdesk.slug,
        ticket=external_id,
        via=via,
        token=token.name if token else "",
    )
    events.publish(
        events.TicketLinked(
            link_id=link.pk,
            ticket_id=ticket.pk,
            question_id=question.pk,
            system=helpdesk.slug,
            external_id=external_id,
            by_user_id=by.pk if by else None,
        )
    )
    return link


@transaction.atomic
def unlink_ticket(*, link: TicketLink, by: User | None, token: ApiToken | None = None) -> None:
    """Take a link away; the audit log keeps who linked and who unlinked."""
    if by is not None and not by.has_perm("helpdesk.unlink_ticket"):
        raise PermissionDenied(_("Only agents and moderators remove ticket links."))
    link = TicketLink.objects.select_for_update().select_related("ticket__helpdesk").filter(pk=link.pk).first()
    if link is None:
        return  # removed already: a double click
    ticket = link.ticket
    link.delete()
    audit.record(
        actor=by,
        action="ticket_unlinked",
        subject=None,
        question_id=link.question_id,
        system=ticket.helpdesk.slug,
        ticket=ticket.external_id,
        token=token.name if token else "",
    )
    events.publish(
        events.TicketUnlinked(
            ticket_id=ticket.pk,
            question_id=link.question_id,
            system=ticket.helpdesk.slug,
            external_id=ticket.external_id,
            by_user_id=by.pk if by else None,
        )
    )


@transaction.atomic
def set_ticket_status(*, helpdesk: Helpdesk, external_id, status: str, url: str = "") -> Ticket:
    """What the helpdesk reports of a ticket (open, pending, solved); the same report twice changes nothing."""
    external_id = clean_external_id(external_id)
    if status not in (Ticket.Status.OPEN, Ticket.Status.PENDING, Ticket.Status.SOLVED):
        raise ValidationError({"status": _("The status is open, pending or solved.")}, code="bad_status")
    ticket = ticket_for(helpdesk, external_id, url=url)
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    old = ticket.status
    if old == status:
        return ticket
    ticket.status, ticket.status_at = status, timezone.now()
    ticket.save(update_fields=["status", "status_at"])
    events.publish(
        events.TicketStatusChanged(
            ticket_id=ticket.pk, system=helpdesk.slug, external_id=external_id, old_status=old, new_status=status
        )
    )
    return ticket
