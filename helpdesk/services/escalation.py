"""Escalating a thread to the helpdesk: a row, the agent queue, then Celery sends it and links the ticket.

The helpdesk answers the signed POST with {"ticket_id": "...", "url": "..."}; that ticket is linked to
the thread. A thread a member could not see goes out as its number and address only (payloads.py).
"""

import json
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community import events
from community.accounts.models import User
from community.handoffs import handoff
from forum.models import Question

from .. import outbound
from ..models import Escalation, QueueItem, ResponsePolicy, TicketLink
from . import attempts, payloads
from .links import clean_external_id, link_ticket, ticket_for
from .queue import enter_queue

logger = logging.getLogger(__name__)
NOTE_MAX = Escalation._meta.get_field("note").max_length
EVENT = "thread.escalated"


def escalate_thread(*, question: Question, by: User, note: str = "") -> Escalation:
    """Send the thread to the helpdesk set in the response settings, to become a ticket there."""
    if not by.has_perm("helpdesk.escalate_thread", question):
        raise PermissionDenied(_("Only agents and moderators escalate threads."))
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {"note": _("A note has at most %(n)d characters.") % {"n": NOTE_MAX}}, code="note_too_long"
        )
    helpdesk = ResponsePolicy.current().escalate_to
    if helpdesk is None or not helpdesk.escalation_url or not helpdesk.is_active:
        raise ValidationError(
            _("No helpdesk receives escalations yet: an admin sets one in the response settings."),
            code="no_escalation_target",
        )
    with transaction.atomic():
        # Locked, so two people escalating at once are served one after the other.
        Question.objects.select_for_update().filter(pk=question.pk).first()
        earlier = (
            Escalation.objects.filter(question=question, status__in=[Escalation.Status.PENDING, Escalation.Status.SENT])
            .select_related("ticket")
            .order_by("-created_at")
            .first()
        )
        if earlier is not None and earlier.status == Escalation.Status.PENDING:
            raise ValidationError(_("This thread is already being escalated."), code="already_escalating")
        if earlier is not None and earlier.ticket is not None:
            raise ValidationError(
                _("This thread was escalated already: ticket %(ticket)s.") % {"ticket": earlier.ticket.external_id},
                code="already_escalated",
            )
        try:
            with transaction.atomic():
                escalation = Escalation.objects.create(question=question, helpdesk=helpdesk, by=by, note=note)
        except IntegrityError:
            raise ValidationError(_("This thread is already being escalated."), code="already_escalating") from None
        enter_queue(question_id=question.pk, reason=QueueItem.Reason.ESCALATED, waiting_since=timezone.now(), note=note)
        events.publish(events.ThreadEscalated(question_id=question.pk, escalation_id=escalation.pk, by_user_id=by.pk))
        _hand_off(escalation)
    return escalation


def _hand_off(escalation: Escalation) -> None:
    from ..tasks import send_escalation

    handoff(send_escalation, key=f"escalation:{escalation.pk}", escalation_id=escalation.pk)


def payload(escalation: Escalation) -> dict:
    """What the helpdesk gets: the thread as a member sees it, the asker's public handle and the note."""
    question = escalation.question
    sent = {"event": EVENT, "escalation_id": escalation.pk, "escalated_at": escalation.created_at}
    if not payloads.member_sees(question):
        # The note may quote what only staff see: a private thread sends its number and address alone.
        return {**sent, "thread": payloads.private_thread(question)}
    thread = payloads.thread(question)
    thread["body"] = question.body
    thread["asker"] = question.author.handle
    return {**sent, "thread": thread, "note": escalation.note}


def _ticket_in(text: str) -> tuple[str, str]:
    """The ticket number and address from the helpdesk's answer; ValueError when it names none."""
    try:
        answer = json.loads(text)
    except ValueError:
        raise ValueError("the answer is not JSON") from None
    if not isinstance(answer, dict) or answer.get("ticket_id") in (None, ""):
        raise ValueError("the answer names no ticket_id")
    try:
        number = clean_external_id(answer["ticket_id"])
    except ValidationError:
        raise ValueError("the answer's ticket_id is not a ticket number") from None
    url = answer.get("url") or ""
    if not isinstance(url, str) or not url.startswith(("https://", "http://")) or len(url) > 500:
        url = ""
    return number, url


def send(escalation_id: int) -> int | None:
    """One attempt at sending a pending escalation. Returns the seconds until the next attempt, or None."""
    if not attempts.claim(Escalation, escalation_id):
        return None
    escalation = Escalation.objects.select_related("helpdesk", "by", "question__category", "question__author").get(
        pk=escalation_id
    )
    helpdesk = escalation.helpdesk
    tried = escalation.attempts + 1
    code = None
    try:
        if not helpdesk.escalation_url:
            raise outbound.SendFailed("the helpdesk has no escalation endpoint")
        code, text = outbound.post(
            helpdesk.escalation_url,
            secret=helpdesk.secret,
            event=EVENT,
            delivery_id=f"escalation-{escalation.pk}",
            payload=payload(escalation),
        )
        if not 200 <= code < 300:
            raise outbound.SendFailed(f"HTTP {code}: {text[:200]}")
        number, url = _ticket_in(text)
    except (outbound.SendFailed, ValueError) as error:
        fields, wait = attempts.failure(attempts=tried, code=code, error=str(error))
        Escalation.objects.filter(pk=escalation.pk).update(**fields)
        if wait is None:
            logger.warning("Escalation %s failed for good: %s", escalation.pk, fields["last_error"])
        return wait
    _record_ticket(escalation, number=number, url=url, code=code, tried=tried)
    return None


def _record_ticket(escalation: Escalation, *, number: str, url: str, code: int, tried: int) -> None:
    """Link the new ticket to the thread as the escalating person (an integration where they may not link)."""
    by = escalation.by if escalation.by is not None and escalation.by.has_perm("helpdesk.link_ticket") else None
    note = ""
    with transaction.atomic():
        ticket = ticket_for(escalation.helpdesk, number, url=url)
        try:
            link_ticket(
                question=escalation.question,
                helpdesk=escalation.helpdesk,
                external_id=number,
                url=url,
                by=by,
                via=TicketLink.Via.ESCALATION,
            )
        except ValidationError as error:
            # Linked already (the helpdesk answered with a ticket the thread has), or the thread was deleted
            # meanwhile: the ticket stands, the escalation is done.
            note = "; ".join(error.messages)[: attempts.ERROR_MAX]
        Escalation.objects.filter(pk=escalation.pk).update(
            status=Escalation.Status.SENT,
            sent_at=timezone.now(),
            ticket=ticket,
            attempts=tried,
            last_response_code=code,
            last_error=note,
            next_attempt_at=None,
        )


def stale_ids() -> list[int]:
    """Escalations whose attempt stayed due (a lost retry message, a killed worker), for the sweep to send."""
    return list(attempts.stale(Escalation).order_by("next_attempt_at").values_list("pk", flat=True)[:500])
