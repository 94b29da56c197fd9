import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.http import form_status, submitted

from .. import selectors, services
from ..forms import AskForm, EditQuestionForm
from ..kernel import render_with_mentions
from ..kernel.views import edit_page
from ..models import BODY_MAX
from .lookups import question_or_404
from .search import ask_session_key


def question_redirect(request: HttpRequest, pk: int) -> HttpResponse:
    return redirect(question_or_404(request, pk), permanent=True)


@login_required
def ask(request: HttpRequest) -> HttpResponse:
    offered = selectors.categories_to_start_in(request.user)
    form = AskForm(
        request.POST or None,
        categories=selectors.visible_categories(request.user),
        offered=offered,
        initial=_ask_initial(request, offered),
    )
    can_ask = request.user.has_perm("forum.ask_question")
    # The visit's key, carried by the page: its figures are written by the first post that counts one.
    visit = ask_session_key(request.POST.get("ask_session"))
    question = submitted(request, form, lambda data: services.ask_question(by=request.user, ask_session=visit, **data))
    if question:
        messages.success(request, _("Your question is online. You will hear when someone answers."))
        return redirect(question)
    context = {"form": form, "can_ask": can_ask, "ask_session": visit or (uuid.uuid4() if can_ask else "")}
    return render(request, "forum/ask.html", context, status=form_status(request))


def _ask_initial(request: HttpRequest, offered: list) -> dict:
    """What the ask form starts with: the category (and tag) of the page the person came from, if any.

    Never a category they may not start a thread in, and none rather than a guess: asking should not
    land in whichever category happens to be listed first.
    """
    initial = {"language": request.user.language}
    wanted = request.GET.get("category", "")
    category = next((category for category in offered if category.slug == wanted), None)
    if category is not None:
        initial["category"] = category
    tags = request.GET.get("tags", "").strip()
    if tags:
        initial["tags"] = tags[:200]
    return initial


@require_POST
def preview(request: HttpRequest) -> HttpResponse:
    """The Markdown preview beside a text box (htmx)."""
    text = request.POST.get("body", "")[:BODY_MAX]
    return render(request, "forum/_preview.html", {"html": render_with_mentions(text).html, "empty": not text.strip()})


def tag_suggestions(request: HttpRequest) -> HttpResponse:
    """Options for the tag field's datalist: existing tags that start with the last word typed."""
    typed = request.GET.get("tags", "").split(",")[-1]
    return render(request, "forum/_tag_options.html", {"tags": selectors.tag_suggestions(typed)})


@login_required
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = question_or_404(request, pk)
    initial = {"title": question.title, "body": question.body, "tags": ", ".join(sorted(question.tags.names()))}
    return edit_page(
        request,
        question,
        permission="forum.edit_post",
        refused=_("You can no longer edit this question."),
        form=EditQuestionForm(request.POST or None, initial=initial),
        write=lambda data: services.edit_question(question=question, by=request.user, **data),
        template="forum/question_edit.html",
        back_title=question.title,
    )


@login_required
@require_POST
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    question = question_or_404(request, pk)
    services.delete_question(question=question, by=request.user)
    messages.success(request, _("The question is deleted."))
    return redirect(question.category)


def question_revisions(request: HttpRequest, pk: int) -> HttpResponse:
    question = question_or_404(request, pk)
    revisions = selectors.revision_history(question=question)
    return render(request, "forum/revisions.html", {"question": question, "post": question, "revisions": revisions})
