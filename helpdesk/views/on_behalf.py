"""Posting for a customer who phoned or wrote in: the agent types, the forum's services post in the customer's name."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from community.http import form_status, submitted
from forum import selectors as forum_selectors
from forum import services as forum_services

from ..forms.on_behalf import OnBehalfAnswerForm, OnBehalfAskForm


def _require_staff_side(request: HttpRequest) -> None:
    if not request.user.has_perm("helpdesk.post_on_behalf"):
        raise PermissionDenied(_("Only agents, moderators and admins can post for a customer."))


@login_required
def on_behalf_ask(request: HttpRequest) -> HttpResponse:
    _require_staff_side(request)
    offered = forum_selectors.categories_to_start_in(request.user)
    form = OnBehalfAskForm(
        request.POST or None, categories=forum_selectors.visible_categories(request.user), offered=offered
    )

    def write(data: dict):
        return forum_services.ask_question(
            by=request.user,
            on_behalf_of=data["customer"],
            title=data["title"],
            body=data["body"],
            category=data["category"],
            tags=data["tags"],
            language=data["language"] or None,
        )

    question = submitted(request, form, write)
    if question:
        messages.success(request, _posted_message(question.author))
        return redirect(question)
    return render(request, "helpdesk/on_behalf_ask.html", {"form": form}, status=form_status(request))


@login_required
def on_behalf_answer(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff_side(request)
    question = forum_selectors.visible_question(request.user, pk)
    if question is None or question.is_trashed:
        raise Http404
    form = OnBehalfAnswerForm(request.POST or None)
    answer = submitted(
        request,
        form,
        lambda data: forum_services.post_answer(
            question=question, by=request.user, on_behalf_of=data["customer"], body=data["body"]
        ),
    )
    if answer:
        messages.success(request, _posted_message(answer.author))
        return redirect(answer)
    context = {"form": form, "question": question}
    return render(request, "helpdesk/on_behalf_answer.html", context, status=form_status(request))


def _posted_message(customer) -> str:
    return _("Posted for %(name)s. They are told, and can edit it, accept answers and follow it as their own.") % {
        "name": customer.display_name
    }
