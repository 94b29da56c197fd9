"""A solution from a ticket, published as a staff answer on a new or existing thread, without the customer's data."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from community.accounts.models import User
from forum import services as forum_services
from forum.models import Answer, Category, Question

from .. import redaction
from ..models import Helpdesk, QueueItem, TicketLink
from .links import clean_external_id, link_ticket, ticket_for
from .queue import resolve_items


@dataclass
class Published:
    question: Question
    answer: Answer
    link: TicketLink
    created_thread: bool
    removed: list[tuple[str, str]] = field(default_factory=list)  # (kind, what was there) left out of the texts


def _renamed(error: ValidationError, names: dict[str, str]) -> ValidationError:
    """The forum's field errors under this form's field names (its answer "body" is our "answer")."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({names.get(key, key): value for key, value in error.error_dict.items()})


@transaction.atomic
def publish_solution(
    *,
    by: User,
    helpdesk: Helpdesk,
    external_id,
    answer_body: str,
    question: Question | None = None,
    title: str = "",
    body: str = "",
    category: Category | None = None,
    tags=(),
    customer_name: str = "",
    language: str | None = None,
) -> Published:
    """Post what solved a ticket as a staff answer (on `question`, or on a new thread), the ticket linked to it.

    Email addresses, phone numbers, IBANs and the customer's name are replaced before anything is saved;
    the thread's "publish the answer" entry leaves the agent queue.
    """
    if not by.has_perm("helpdesk.publish_solution"):
        raise PermissionDenied(_("Only agents and moderators publish solutions from tickets."))
    errors: dict[str, list] = {}
    try:
        external_id = clean_external_id(external_id)
    except ValidationError as error:
        errors.update(error.message_dict)
    if not helpdesk.is_active:
        errors["system"] = [_("This helpdesk is switched off.")]
    if question is not None and question.deleted_at is not None:
        errors["question"] = [_("This thread was deleted.")]
    if errors:
        raise ValidationError(errors)

    answer = redaction.redact(answer_body, customer_name=customer_name)
    removed = list(answer.removed)
    created = question is None
    if created:
        new_title = redaction.redact(title, customer_name=customer_name)
        new_body = redaction.redact(body, customer_name=customer_name)
        removed = new_title.removed + new_body.removed + removed
        try:
            question = forum_services.ask_question(
                by=by, title=new_title.text, body=new_body.text, category=category, tags=tags, language=language
            )
        except ValidationError as error:
            raise _renamed(error, {}) from None
    try:
        posted = forum_services.post_answer(question=question, by=by, body=answer.text)
    except ValidationError as error:
        raise _renamed(error, {"body": "answer"}) from None

    ticket = ticket_for(helpdesk, external_id)
    link = TicketLink.objects.filter(ticket=ticket, question=question).first()
    if link is None:
        link = link_ticket(
            question=question, helpdesk=helpdesk, external_id=external_id, by=by, via=TicketLink.Via.PUBLISHED
        )
    resolve_items(question_id=question.pk, reasons=[QueueItem.Reason.PUBLISH_ANSWER], resolution="staff_answer", by=by)
    return Published(question=question, answer=posted, link=link, created_thread=created, removed=removed)
