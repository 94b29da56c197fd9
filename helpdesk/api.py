"""The helpdesk's part of the JSON API (/api/helpdesk/…): suggested community answers for a helpdesk's
sidebar, a thread, the threads of a ticket, ticket links and statuses, and the webhook delivery log.

HTTP only: the token (api_auth), the input (ninja schemas), one service or selector, the output schema.
"""

from datetime import datetime
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import field_validator

from community.api import ERRORS

from .api_auth import AUTH, TokenRate, helpdesk_for, require_write
from .models import Ticket, TicketLink, WebhookEndpoint
from .selectors import api as selectors
from .services.links import clean_external_id, link_ticket, set_ticket_status, unlink_ticket

router = Router(auth=AUTH, throttle=TokenRate(), tags=["helpdesk"])

BIGINT = 2**63 - 1  # ids beyond what PostgreSQL's bigint holds are no thread: refused as input, not a 500
Id = Annotated[int, Path(ge=1, le=BIGINT)]
System = Annotated[str, Path(min_length=1, max_length=40)]
TicketNumber = Annotated[str, Path(min_length=1, max_length=64)]
# The schema names each choice, so a client (and schemathesis) knows them.
EventName = Literal[tuple(WebhookEndpoint.EventName.values)]


class Paging(Schema):
    limit: int = Field(20, ge=1, le=100, description="How many to return (1 to 100).")
    offset: int = Field(0, ge=0, le=10_000, description="How many to skip (at most 10000).")


# --- output -----------------------------------------------------------------------------------------------


class SearchResult(Schema):
    kind: Literal["question", "article"]
    id: int
    thread_id: int | None = Field(description="The question the article was made from, or the question itself.")
    title: str
    url: str
    excerpt: str
    language: str
    category: str
    solved: bool
    answer_count: int


class SearchPage(Schema):
    count: int = Field(description="How many were found in all (at most 200).")
    limit: int
    offset: int
    items: list[SearchResult]


class AnswerOut(Schema):
    id: int
    author: str
    body_html: str
    score: int
    accepted: bool
    created_at: datetime
    url: str


class ThreadOut(Schema):
    id: int
    title: str
    url: str
    body_html: str
    language: str
    category: str
    tags: list[str]
    solved: bool
    closed: bool
    author: str
    score: int
    answer_count: int
    created_at: datetime
    last_activity_at: datetime
    article_url: str | None = Field(description="Its knowledge-base article, where it has one.")
    answers: list[AnswerOut]


class TicketOut(Schema):
    system: str
    ticket_id: str
    url: str
    status: Literal["", "open", "pending", "solved"] = Field(description="As the helpdesk last reported it.")
    status_at: datetime | None


class LinkedThread(Schema):
    id: int
    title: str
    url: str
    solved: bool
    answer_count: int


class LinkOut(Schema):
    ticket: TicketOut
    thread: LinkedThread
    via: str
    linked_at: datetime


class TicketThreads(Schema):
    ticket: TicketOut
    threads: list[LinkOut]


class EndpointOut(Schema):
    id: int
    name: str


class DeliveryOut(Schema):
    id: int
    endpoint: EndpointOut
    event: EventName
    event_id: str
    status: Literal["pending", "delivered", "failed"]
    attempts: int
    last_response_code: int | None
    last_error: str
    occurred_at: datetime
    created_at: datetime
    next_attempt_at: datetime | None
    delivered_at: datetime | None


class DeliveryPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[DeliveryOut]


# --- input ------------------------------------------------------------------------------------------------


def _checked_url(value: str) -> str:
    value = (value or "").strip()
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            raise ValueError(_("Enter the ticket's address as http:// or https://…")) from None
    return value


class LinkIn(Schema):
    question_id: int = Field(ge=1, le=BIGINT, description="The thread (question) to link the ticket to.")
    url: str = Field("", max_length=500, description="The ticket's address in the helpdesk (optional).")

    _url = field_validator("url")(_checked_url)


class StatusIn(Schema):
    status: Literal["open", "pending", "solved"]
    url: str = Field("", max_length=500, description="The ticket's address in the helpdesk (optional).")

    _url = field_validator("url")(_checked_url)


class SearchIn(Schema):
    q: str = Field(min_length=1, max_length=300, description="What to look for, e.g. the ticket's subject.")
    language: Literal["en", "de"] | None = Field(None, description="Only posts in this language.")


class DeliveryFilter(Schema):
    status: Literal["pending", "delivered", "failed"] | None = None
    event: EventName | None = None


# --- shaping ----------------------------------------------------------------------------------------------


def _ticket_out(ticket: Ticket | None, system: str, external_id: str) -> dict:
    if ticket is None:
        return {"system": system, "ticket_id": external_id, "url": "", "status": "", "status_at": None}
    return {
        "system": system,
        "ticket_id": ticket.external_id,
        "url": ticket.address,
        "status": ticket.status,
        "status_at": ticket.status_at,
    }


def _link_out(request: HttpRequest, link: TicketLink, ticket: dict) -> dict:
    question = link.question
    return {
        "ticket": ticket,
        "thread": {
            "id": question.pk,
            "title": question.title,
            "url": request.build_absolute_uri(question.get_absolute_url()),
            "solved": question.is_solved,
            "answer_count": question.answer_count,
        },
        "via": link.via,
        "linked_at": link.created_at,
    }


def _ticket_number(ticket_id: str) -> str:
    try:
        return clean_external_id(ticket_id)
    except ValidationError as error:  # the service names the field "ticket"; the API calls it ticket_id
        raise ValidationError({"ticket_id": error.message_dict["ticket"]}) from None


# --- operations -------------------------------------------------------------------------------------------


@router.get("/search", response={200: SearchPage, **ERRORS}, summary="Suggested community answers")
def search(request: HttpRequest, filters: Query[SearchIn], paging: Query[Paging]):
    """Public threads and knowledge-base articles that match `q`, best first: what a helpdesk's sidebar
    suggests beside a ticket. Only what a signed-out reader of the community may see."""
    count, found = selectors.search(filters.q, language=filters.language, limit=paging.limit, offset=paging.offset)
    for item in found:
        item.url = request.build_absolute_uri(item.url)
    return {"count": count, "limit": paging.limit, "offset": paging.offset, "items": found}


@router.get("/threads/{thread_id}", response={200: ThreadOut, **ERRORS}, summary="A thread with its answers")
def thread(request: HttpRequest, thread_id: Id):
    """A public thread with its public answers, the accepted one first."""
    question = selectors.public_thread(thread_id)
    if question is None:
        raise Http404(_("There is no public thread %(id)d.") % {"id": thread_id})
    article = question.public_article
    return {
        "id": question.pk,
        "title": question.title,
        "url": request.build_absolute_uri(question.get_absolute_url()),
        "body_html": str(question.body_html),
        "language": question.language,
        "category": question.category.name,
        "tags": question.tag_names,
        "solved": question.is_solved,
        "closed": question.is_closed,
        "author": str(question.author),
        "score": question.score + question.imported_score,
        "answer_count": len(question.public_answers),
        "created_at": question.created_at,
        "last_activity_at": question.last_activity_at,
        "article_url": request.build_absolute_uri(article.get_absolute_url()) if article else None,
        "answers": [
            {
                "id": answer.pk,
                "author": str(answer.author),
                "body_html": str(answer.body_html),
                "score": answer.score + answer.imported_score,
                "accepted": answer.is_accepted,
                "created_at": answer.created_at,
                "url": request.build_absolute_uri(answer.get_absolute_url()),
            }
            for answer in question.public_answers
        ],
    }


@router.get(
    "/tickets/{system}/{ticket_id}/threads",
    response={200: TicketThreads, **ERRORS},
    summary="The threads linked to a ticket",
)
def ticket_threads(request: HttpRequest, system: System, ticket_id: TicketNumber):
    """The ticket as the community knows it (its last reported status) and the public threads linked to it;
    a ticket never linked has no threads."""
    helpdesk = helpdesk_for(request, system)
    external_id = _ticket_number(ticket_id)
    ticket = selectors.ticket(helpdesk, external_id)
    ticket_out = _ticket_out(ticket, helpdesk.slug, external_id)
    links = selectors.ticket_links(ticket)
    return {"ticket": ticket_out, "threads": [_link_out(request, link, ticket_out) for link in links]}


@router.post(
    "/tickets/{system}/{ticket_id}/links",
    response={201: LinkOut, 409: ERRORS[422], **ERRORS},
    summary="Link a ticket to a thread",
)
def link_create(request: HttpRequest, system: System, ticket_id: TicketNumber, payload: LinkIn):
    """Link the ticket to a public thread (write scope). The same ticket twice on a thread is refused (409)."""
    token = require_write(request)
    helpdesk = helpdesk_for(request, system)
    external_id = _ticket_number(ticket_id)
    question = selectors.public_questions().filter(pk=payload.question_id).first()
    if question is None:
        raise Http404(_("There is no public thread %(id)d.") % {"id": payload.question_id})
    if TicketLink.objects.filter(
        ticket__helpdesk=helpdesk, ticket__external_id=external_id, question=question
    ).exists():  # the service refuses it too (422); an integration is told the specific 409
        raise HttpError(409, _("Ticket %(ticket)s is linked to this thread already.") % {"ticket": external_id})
    link = link_ticket(
        question=question,
        helpdesk=helpdesk,
        external_id=external_id,
        url=payload.url,
        by=None,
        via=TicketLink.Via.API,
        token=token,
    )
    ticket = link.ticket
    ticket.helpdesk = helpdesk
    return Status(201, _link_out(request, link, _ticket_out(ticket, helpdesk.slug, external_id)))


@router.delete(
    "/tickets/{system}/{ticket_id}/links/{question_id}",
    response={204: None, **ERRORS},
    summary="Remove a ticket's link to a thread",
)
def link_delete(request: HttpRequest, system: System, ticket_id: TicketNumber, question_id: Id):
    """Take the link away (write scope); the community's audit log keeps who linked and which token unlinked."""
    token = require_write(request)
    helpdesk = helpdesk_for(request, system)
    external_id = _ticket_number(ticket_id)
    link = TicketLink.objects.filter(
        ticket__helpdesk=helpdesk, ticket__external_id=external_id, question_id=question_id
    ).first()
    if link is None:
        raise Http404(
            _("Ticket %(ticket)s is not linked to thread %(id)d.") % {"ticket": external_id, "id": question_id}
        )
    unlink_ticket(link=link, by=None, token=token)
    return Status(204, None)


@router.post(
    "/tickets/{system}/{ticket_id}/status",
    response={200: TicketOut, **ERRORS},
    summary="Report a ticket's status",
)
def ticket_status(request: HttpRequest, system: System, ticket_id: TicketNumber, payload: StatusIn):
    """What the helpdesk reports of a ticket: open, pending or solved (write scope); the same report twice
    changes nothing."""
    require_write(request)
    helpdesk = helpdesk_for(request, system)
    external_id = _ticket_number(ticket_id)
    ticket = set_ticket_status(helpdesk=helpdesk, external_id=external_id, status=payload.status, url=payload.url)
    ticket.helpdesk = helpdesk
    return _ticket_out(ticket, helpdesk.slug, external_id)


@router.get("/webhook-deliveries", response={200: DeliveryPage, **ERRORS}, summary="The webhook delivery log")
def webhook_deliveries(request: HttpRequest, filters: Query[DeliveryFilter], paging: Query[Paging]):
    """Outgoing webhook deliveries, newest first, with their status and attempts."""
    found = selectors.deliveries(status=filters.status, event=filters.event)
    page = list(found[paging.offset : paging.offset + paging.limit])
    return {
        "count": found.count(),
        "limit": paging.limit,
        "offset": paging.offset,
        "items": [
            {
                "id": delivery.pk,
                "endpoint": {"id": delivery.endpoint_id, "name": delivery.endpoint.name},
                "event": delivery.event,
                "event_id": str(delivery.event_id),
                "status": delivery.status,
                "attempts": delivery.attempts,
                "last_response_code": delivery.last_response_code,
                "last_error": delivery.last_error,
                "occurred_at": delivery.occurred_at,
                "created_at": delivery.created_at,
                "next_attempt_at": delivery.next_attempt_at,
                "delivered_at": delivery.delivered_at,
            }
            for delivery in page
        ],
    }
