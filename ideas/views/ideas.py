"""Suggesting, reading and editing an idea, and turning a forum thread into one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from community.http import form_status, submitted
from community.page_cache import kept_for_readers
from forum import moderatable
from forum.views.lookups import question_or_404

from .. import fragments, selectors, services
from ..forms import IdeaForm, LinkThreadForm, MergeForm, StatusForm
from ..models import Idea
from ._comments_section import comments_html
from ._common import check_id, idea_or_404


def _form_page(request, form: IdeaForm, **context) -> HttpResponse:
    """The idea form: to suggest an idea (mode "new"), to edit one ("edit"), or to turn a thread into one."""
    return render(request, "ideas/idea_form.html", {"form": form, **context}, status=form_status(request))


@login_required
def idea_new(request: HttpRequest) -> HttpResponse:
    """Suggest an idea; similar ideas show under the title while typing."""
    form = IdeaForm(request.POST or None)
    can_post = request.user.has_perm("ideas.post_idea")
    idea = submitted(request, form, lambda data: services.post_idea(by=request.user, **data))
    if idea:
        messages.success(request, _("Thank you for your idea! You will hear when the team answers it."))
        return redirect(idea)
    return _form_page(request, form, can_post=can_post, mode="new")


def idea_redirect(request: HttpRequest, pk: int) -> HttpResponse:
    return redirect(idea_or_404(pk), permanent=True)


@kept_for_readers
def idea_detail(request: HttpRequest, pk: int, slug: str, **bound) -> HttpResponse:
    """The idea with its votes, official responses, history, threads and comments.

    A merged idea leads to the one it was merged into; `?merged=1` still shows it, read only, so its
    comments stay readable. Signed-out readers share one kept rendering of the page's main part.
    """
    with_errors = bool(bound)
    idea = _head(check_id(pk))
    if idea is None or not moderatable.visible_to(request.user, idea):
        raise Http404  # held or hidden ideas are there only for their authors and the people who review them
    if idea.is_merged and request.GET.get("merged") != "1":
        messages.info(request, _("“%(title)s” was merged into this idea.") % {"title": idea.title})
        return redirect(idea.merged_into)
    if slug != idea.slug and not with_errors:
        return redirect(idea, permanent=True)
    reply_to = request.GET.get("reply_to", "")
    if request.user.is_authenticated or with_errors or reply_to or idea.is_merged:
        main_html = _main(request, idea, bound, reply_to)
    else:
        main_html = fragments.cached(fragments.idea_key(idea.pk, "reader"), lambda: _main(request, idea, {}, ""))
    context = {"idea": idea, "main_html": main_html, "withheld": selectors.my_withheld_comments(request.user, idea)}
    return render(request, "ideas/idea_detail.html", context, status=422 if with_errors else 200)


def _head(pk: int) -> Idea | None:
    """The idea row and what its page joins, kept until the idea changes (a missing one is not kept)."""
    key = fragments.idea_key(pk, "head")
    idea = cache.get(key)
    if idea is None:
        idea = selectors.idea_detail_head(pk)
        if idea is not None:
            cache.set(key, idea, fragments.FRAGMENT_SECONDS)
    return idea


def _main(request: HttpRequest, idea: Idea, bound: dict, reply_to: str) -> str:
    comment_form = bound.pop("comment_form", None)
    context = {
        "page": selectors.idea_page(request.user, idea),
        "idea": idea,
        "comments_html": comments_html(request, idea, comment_form, reply_to),
        "status_form": StatusForm(initial={"status": idea.status}),
        "merge_form": MergeForm(),
        "link_form": LinkThreadForm(),
        **bound,
    }
    return render_to_string("ideas/_idea_main.html", context, request=request)


def render_with_errors(request: HttpRequest, idea: Idea, **bound) -> HttpResponse:
    """The idea page again with a tool's form and its errors (what was typed stays)."""
    return idea_detail(request, idea.pk, idea.slug, **bound)


@login_required
def idea_edit(request: HttpRequest, pk: int) -> HttpResponse:
    idea = idea_or_404(pk)
    if not request.user.has_perm("ideas.edit_idea", idea):
        raise PermissionDenied(_("You can no longer edit this idea."))
    initial = {"title": idea.title, "body": idea.body, "area": idea.area, "tags": ", ".join(sorted(idea.tags.names()))}
    form = IdeaForm(request.POST or None, initial=initial)
    edited = submitted(request, form, lambda data: services.edit_idea(idea=idea, by=request.user, **data))
    if edited:
        messages.success(request, _("Your changes are saved."))
        return redirect(edited)  # under its new title
    return _form_page(request, form, idea=idea, can_post=True, mode="edit")


@login_required
def idea_from_thread(request: HttpRequest, question_pk: int) -> HttpResponse:
    """Turn a forum thread into an idea: the asker becomes its author and the thread is linked."""
    question = question_or_404(request, check_id(question_pk))
    if not request.user.has_perm("ideas.idea_from_thread", question):
        raise PermissionDenied(_("Only super users and moderators can turn threads into ideas."))
    # No line pointing back to the thread: the idea lists it under "Where it came up" already.
    initial = {
        "title": question.title,
        "body": question.body,
        "tags": ", ".join(sorted(question.tags.names())),
    }
    form = IdeaForm(request.POST or None, initial=initial)
    idea = submitted(request, form, lambda data: services.idea_from_thread(question=question, by=request.user, **data))
    if idea:
        messages.success(request, _("The idea is online and linked to the thread."))
        return redirect(idea)
    return _form_page(request, form, question=question, can_post=True, mode="from_thread")
