"""What staff and the forum's caretakers do with an idea: status and official responses, merges, thread links."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.http import refusal, submitted
from forum import selectors as forum_selectors

from .. import selectors, services
from ..forms import LinkThreadForm, MergeForm, StatusForm
from ..models import Idea
from ._common import check_id, idea_or_404
from .ideas import render_with_errors


def _refuse_merged(request: HttpRequest, idea: Idea) -> HttpResponse | None:
    """A tool used on an idea merged in the meantime: say so (its tools are gone from its page)."""
    if idea.merged_into_id is None:
        return None
    message = _("This idea was merged into idea #%(id)d; please continue there.") % {"id": idea.merged_into_id}
    return refusal(request, ValidationError(message), back_to=idea.merged_into)


@login_required
@require_POST
def idea_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Set a status and/or give the official response; the page again with the reason when refused."""
    idea = idea_or_404(pk)
    if not request.user.has_perm("ideas.change_status", idea):
        raise PermissionDenied(_("Only moderators and admins can change the status of an idea."))
    if merged := _refuse_merged(request, idea):
        return merged
    form = StatusForm(request.POST)
    if submitted(request, form, lambda data: services.change_status(idea=idea, by=request.user, **data)):
        messages.success(request, _("Saved. The author, the voters and the followers are told."))
        return redirect(idea)
    return render_with_errors(request, idea, status_form=form)


@login_required
@require_POST
def idea_merge(request: HttpRequest, pk: int) -> HttpResponse:
    idea = idea_or_404(pk)
    if not request.user.has_perm("ideas.merge_ideas", idea):
        raise PermissionDenied(_("Only moderators can merge ideas."))
    if merged := _refuse_merged(request, idea):
        return merged
    form = MergeForm(request.POST)

    def merge(data):
        into = selectors.idea_or_none(data["into"])
        return services.merge_ideas(idea=idea, into=into, by=request.user)

    target = submitted(request, form, merge)
    if target:
        message = _("“%(title)s” is merged into this idea; its voters are told.") % {"title": idea.title}
        messages.success(request, message)
        return redirect(target)
    return render_with_errors(request, idea, merge_form=form)


@login_required
def idea_voters(request: HttpRequest, pk: int) -> HttpResponse:
    """Who voted for the idea: for moderators, to reach out or to spot vote rings."""
    idea = idea_or_404(pk)
    if not request.user.has_perm("ideas.view_voters", idea):
        raise PermissionDenied(_("Only moderators and admins see who voted."))
    page = selectors.voters(idea, request.GET.get("page"))
    return render(request, "ideas/voters.html", {"idea": idea, "page": page, "votes": page.object_list})


@login_required
@require_POST
def thread_link(request: HttpRequest, pk: int) -> HttpResponse:
    idea = idea_or_404(pk)
    if not request.user.has_perm("ideas.link_thread", idea):
        raise PermissionDenied(_("Only super users and moderators can link threads to ideas."))
    if merged := _refuse_merged(request, idea):
        return merged
    form = LinkThreadForm(request.POST)

    def link(data):
        question = forum_selectors.visible_question(request.user, data["thread"])
        return services.link_thread(idea=idea, question=question, by=request.user)

    if submitted(request, form, link):
        messages.success(request, _("The thread is linked; it shows this idea now."))
        return redirect(f"{idea.get_absolute_url()}#threads")
    return render_with_errors(request, idea, link_form=form)


@login_required
@require_POST
def thread_unlink(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    idea = idea_or_404(pk)
    question = selectors.linked_question(idea, check_id(question_pk))
    if question is not None:
        services.unlink_thread(idea=idea, question=question, by=request.user)
    messages.success(request, _("The thread is no longer linked."))
    return redirect(f"{idea.get_absolute_url()}#threads")
