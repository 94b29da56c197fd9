import difflib
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..forms import AskForm, EditQuestionForm
from ..models import BODY_MAX, AskSession, Question
from ..services._common import render_with_mentions
from .search import start_ask_session


def question_redirect(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        question = selectors.question_for_update(request.user, pk)
    except Question.DoesNotExist:
        raise Http404 from None
    return redirect(question, permanent=True)


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
    ask_session = request.POST.get("ask_session") or (start_ask_session(request.user).key if can_ask else "")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            question = services.ask_question(
                by=request.user,
                title=data["title"],
                body=data["body"],
                category=data["category"],
                tags=data["tags"],
                language=data["language"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            AskSession.objects.filter(key=_uuid(ask_session), question__isnull=True).update(question=question)
            messages.success(request, _("Your question is online. You will hear when someone answers."))
            return redirect(question)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "can_ask": can_ask, "ask_session": ask_session}
    return render(request, "forum/ask.html", context, status=status)


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


def _uuid(raw) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        return None


@require_POST
def preview(request: HttpRequest) -> HttpResponse:
    """The Markdown preview beside a text box (htmx)."""
    text = request.POST.get("body", "")[:BODY_MAX]
    return render(request, "forum/_preview.html", {"html": render_with_mentions(text).html, "empty": not text.strip()})


def tag_suggestions(request: HttpRequest) -> HttpResponse:
    """Options for the tag field's datalist: existing tags that start with the last word typed."""
    typed = request.GET.get("tags", "").split(",")[-1]
    return render(request, "forum/_tag_options.html", {"tags": selectors.tag_suggestions(typed)})


def _question_or_404(request, pk: int) -> Question:
    try:
        return selectors.question_for_update(request.user, pk)
    except Question.DoesNotExist:
        raise Http404 from None


@login_required
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question_or_404(request, pk)
    if not request.user.has_perm("forum.edit_post", question):
        return render(request, "403.html", {"exception": _("You can no longer edit this question.")}, status=403)
    initial = {"title": question.title, "body": question.body, "tags": ", ".join(sorted(question.tags.names()))}
    form = EditQuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.edit_question(
                question=question,
                by=request.user,
                title=data["title"],
                body=data["body"],
                tags=data["tags"],
                note=data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(question)
    status = 422 if request.method == "POST" else 200
    return render(request, "forum/question_edit.html", {"form": form, "question": question}, status=status)


@login_required
@require_POST
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question_or_404(request, pk)
    services.delete_question(question=question, by=request.user)
    messages.success(request, _("The question is deleted."))
    return redirect(question.category)


def _diffs(revisions, text_of=None) -> list[dict]:
    """Each revision with what changed from the one before, as lines added and removed."""
    result, previous = [], None
    for revision in revisions:
        if text_of is not None:
            text = text_of(revision)
        elif revision.title:
            text = f"{revision.title}\n\n{revision.body}\n\n{_tag_line(revision.tags)}".strip()
        else:
            text = revision.body
        old = previous or ""
        lines = list(difflib.ndiff(old.splitlines(), text.splitlines())) if previous is not None else []
        changes = [
            {"kind": {"+": "added", "-": "removed"}.get(line[0], "same"), "text": line[2:]}
            for line in lines
            if line[:1] in {"+", "-", " "}
        ]
        result.append({"revision": revision, "changes": changes, "text": text})
        previous = text
    return list(reversed(result))


def _tag_line(tags: str) -> str:
    """Tags in one order, whatever order they were typed in: a new order alone is no change."""
    return ", ".join(sorted({tag.strip() for tag in tags.split(",") if tag.strip()}))


def question_revisions(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question_or_404(request, pk)
    revisions = _diffs(selectors.revisions(question=question))
    return render(request, "forum/revisions.html", {"question": question, "post": question, "revisions": revisions})
