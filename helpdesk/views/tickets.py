"""Ticket links on a thread (the panel and its page), a ticket's threads, the status a helpdesk reports,
and publishing a solution from a ticket."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, RawPostDataException
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from community.http import done, form_status, next_url, submitted
from community.markdown import render_post
from forum import selectors as forum_selectors
from forum.models import Question

from .. import redaction, services, signing
from ..forms.tickets import PublishForm, TicketLinkForm
from ..models import Helpdesk, TicketLink
from ..selectors import tickets as selectors


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied(_("Only agents and moderators work with tickets."))


def link_form(data=None, *, helpdesks=None) -> TicketLinkForm:
    # Its own ids: the question page has other forms with a "url" or "ticket" field.
    return TicketLinkForm(data, helpdesks=helpdesks, auto_id="ticket-link-%s")


def panel_context(request: HttpRequest, question: Question, *, form: TicketLinkForm | None = None) -> dict:
    return {
        "question": question,
        "links": selectors.links_of_thread(question.pk),
        "form": form or link_form(),
        "can_link": request.user.has_perm("helpdesk.link_ticket"),
        "can_unlink": request.user.has_perm("helpdesk.unlink_ticket"),
        "can_publish": request.user.has_perm("helpdesk.publish_solution"),
    }


def render_panel(request: HttpRequest, question: Question, *, form: TicketLinkForm | None = None) -> str:
    # Without the request: the page's context processors ran once already; the forms need only the token.
    context = {**panel_context(request, question, form=form), "csrf_token": get_token(request)}
    return render_to_string("helpdesk/_ticket_panel.html", context)


def _panel_response(request: HttpRequest, question: Question, message: str, *, form=None, error=False) -> HttpResponse:
    response = HttpResponse(render_panel(request, question, form=form))
    if error:  # swapped all the same: the errors stand beside the fields, what was typed is kept
        return trigger_client_event(response, "toast", {"message": message, "level": "error"})
    return done(request, response, message)


@login_required
def question_tickets(request: HttpRequest, pk: int) -> HttpResponse:
    """The tickets of a thread, with the form to link another: the panel's page, and where its form posts."""
    _require(request, "helpdesk.view_ticket_links")
    question = get_object_or_404(Question.objects.select_related("category"), pk=pk)
    form = link_form(request.POST if request.method == "POST" else None)
    link = submitted(
        request,
        form,
        lambda data: services.link_ticket(
            question=question,
            helpdesk=data["system"],
            external_id=data["ticket"],
            url=data["url"],
            by=request.user,
        ),
    )
    if link:
        message = _("Ticket %(ticket)s is linked to this thread.") % {"ticket": link.ticket.external_id}
        if request.htmx:
            return _panel_response(request, question, message)
        messages.success(request, message)
        return redirect(next_url(request, question))
    if request.method == "POST" and request.htmx:
        return _panel_response(request, question, _("The ticket was not linked: see the form."), form=form, error=True)
    context = panel_context(request, question, form=form)
    return render(request, "helpdesk/question_tickets.html", context, status=form_status(request))


@login_required
@require_POST
def ticket_unlink(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "helpdesk.unlink_ticket")
    link = get_object_or_404(TicketLink.objects.select_related("ticket__helpdesk", "question"), pk=pk)
    services.unlink_ticket(link=link, by=request.user)
    message = _("Ticket %(ticket)s is no longer linked to this thread.") % {"ticket": link.ticket.external_id}
    if request.htmx:
        return _panel_response(request, link.question, message)
    messages.success(request, message)
    return redirect(next_url(request, link.question))


@login_required
@require_GET
def ticket_detail(request: HttpRequest, system: str, number: str) -> HttpResponse:
    """A ticket: its status as the helpdesk last reported it, and the threads linked to it."""
    _require(request, "helpdesk.view_ticket_links")
    ticket = selectors.ticket_or_none(system, number)
    if ticket is None:
        raise Http404
    context = {"ticket": ticket, "links": selectors.threads_of_ticket(ticket)}
    return render(request, "helpdesk/ticket_detail.html", context)


def _refused(status: int, reason: str, **more) -> JsonResponse:
    return JsonResponse({"detail": reason, **more}, status=status)


@csrf_exempt
@require_POST
def inbound_status(request: HttpRequest, system: str) -> JsonResponse:
    """A helpdesk reports a ticket's status (open, pending, solved), signed with its shared secret.

    Body: {"ticket_id": "4711", "status": "solved", "url": "https://..."}; headers as helpdesk.signing says.
    Anything refused changes nothing.
    """
    helpdesk = Helpdesk.objects.filter(slug=system).first()
    if helpdesk is None or not helpdesk.is_active:
        return _refused(404, _("No active helpdesk has this name."))
    try:
        body = request.body
    except RawPostDataException:  # a multipart form, read by a middleware already: not what is signed
        return _refused(400, _("The body is not JSON."))
    try:
        signing.verify(helpdesk.secret, body, request.headers)
    except signing.BadSignature as error:
        return _refused(401, _("The signature is missing, wrong or too old: %(why)s.") % {"why": error})
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        return _refused(400, _("The body is not JSON."))
    if not isinstance(data, dict):
        return _refused(400, _("The body is a JSON object with ticket_id and status."))
    url = data.get("url") or ""
    try:
        if not isinstance(url, str) or len(url) > 500:
            raise ValidationError({"url": _("The url is a web address of at most 500 characters.")})
        if url:
            URLValidator(schemes=["http", "https"])(url)
        ticket = services.set_ticket_status(
            helpdesk=helpdesk, external_id=data.get("ticket_id"), status=data.get("status"), url=url
        )
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {"url": error.messages}
        return _refused(400, " ".join(m for ms in errors.values() for m in ms), errors=errors)
    return JsonResponse(
        {
            "system": helpdesk.slug,
            "ticket_id": ticket.external_id,
            "status": ticket.status,
            "status_at": ticket.status_at.isoformat() if ticket.status_at else None,
        }
    )


def _publish_initial(request: HttpRequest) -> dict:
    """From a queue entry or a thread's panel: the thread and the ticket, filled in."""
    initial = {}
    for name in ("question", "system", "ticket"):
        value = request.GET.get(name, "").strip()
        if value:
            initial[name] = value[:300]
    return initial


@login_required
def publish(request: HttpRequest) -> HttpResponse:
    """An agent publishes what solved a ticket as a staff answer, on an existing thread or a new one."""
    _require(request, "helpdesk.publish_solution")
    offered = forum_selectors.categories_to_start_in(request.user)
    form = PublishForm(
        request.POST if request.method == "POST" else None,
        categories=forum_selectors.visible_categories(request.user),
        initial=_publish_initial(request),
    )
    form.fields["category"].offer(offered)
    preview = None
    if request.method == "POST" and "preview" in request.POST:
        if form.is_valid():
            data, name = form.cleaned_data, form.cleaned_data["customer_name"]
            texts = [redaction.redact(data[f], customer_name=name) for f in ("title", "body", "answer")]
            removed = [pair for text in texts for pair in text.removed]
            preview = {
                "answer_html": render_post(texts[2].text).html,
                "title": texts[0].text,
                "removed": redaction.describe(removed),
            }
        status = 200 if preview else 422
        return render(request, "helpdesk/publish.html", {"form": form, "preview": preview}, status=status)
    published = submitted(
        request,
        form,
        lambda data: services.publish_solution(
            by=request.user,
            helpdesk=data["system"],
            external_id=data["ticket"],
            answer_body=data["answer"],
            question=data["question"],
            title=data["title"],
            body=data["body"],
            category=data["category"],
            tags=data["tags"],
            customer_name=data["customer_name"],
        ),
    )
    if published:
        messages.success(request, _("Your solution is published as a staff answer, and the ticket is linked."))
        if published.removed:
            items = "; ".join(redaction.describe(published.removed))
            count = len(published.removed)
            text = ngettext(
                "Left out as customer data (%(count)d): %(items)s",
                "Left out as customer data (%(count)d): %(items)s",
                count,
            )
            messages.info(request, text % {"count": count, "items": items})
        return redirect(published.answer.get_absolute_url())
    return render(request, "helpdesk/publish.html", {"form": form, "preview": preview}, status=form_status(request))
