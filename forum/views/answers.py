from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.accounts.permissions import has_super_user_privileges
from community.http import done, refusal

from .. import selectors, services
from ..forms import AnswerForm, EditAnswerForm
from ..models import Answer, Question
from .questions import _diffs, _question_or_404


def _answer_or_404(request, pk: int) -> Answer:
    try:
        return selectors.answer_for_update(request.user, pk)
    except Answer.DoesNotExist:
        raise Http404 from None


@login_required
def answer_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Post an answer; on a problem, the question page again with the message and the text kept."""
    question = _question_or_404(request, pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            answer = services.post_answer(question=question, by=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you for your answer."))
            return redirect(answer)
    if request.method == "GET":
        return redirect(question)
    thread = selectors.thread(request.user, question.pk)
    context = {"thread": thread, "question": thread.question, "answers": thread.answers, "tags": thread.tags}
    context.update(answer_form=form, can_manage=has_super_user_privileges(request.user))
    return render(request, "forum/question_detail.html", context, status=422)


@login_required
def answer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    answer = _answer_or_404(request, pk)
    if not request.user.has_perm("forum.edit_post", answer):
        return render(request, "403.html", {"exception": _("You can no longer edit this answer.")}, status=403)
    form = EditAnswerForm(request.POST or None, initial={"body": answer.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_answer(answer=answer, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(answer)
    status = 422 if request.method == "POST" else 200
    return render(request, "forum/answer_edit.html", {"form": form, "answer": answer}, status=status)


@login_required
@require_POST
def answer_delete(request: HttpRequest, pk: int) -> HttpResponse:
    answer = _answer_or_404(request, pk)
    services.delete_answer(answer=answer, by=request.user)
    messages.success(request, _("The answer is deleted."))
    return redirect(answer.question)


def _answers_partial(request: HttpRequest, question: Question, message: str) -> HttpResponse:
    thread = selectors.thread(request.user, question.pk)
    # The answers, and out of band the question's state line ("Solved" comes and goes).
    context = {"thread": thread, "question": thread.question, "answers": thread.answers, "oob": True}
    response = render(request, "forum/_answers.html", context)
    return done(request, response, message)


@login_required
@require_POST
def answer_accept(request: HttpRequest, pk: int) -> HttpResponse:
    answer = _answer_or_404(request, pk)
    try:
        services.accept_answer(answer=answer, by=request.user)  # PermissionDenied becomes a 403
    except ValidationError as error:
        return refusal(request, error, back_to=answer.question)
    if not request.htmx:
        messages.success(request, _("Answer accepted."))
        return redirect(answer)
    return _answers_partial(request, answer.question, _("Answer accepted."))


@login_required
@require_POST
def answer_unaccept(request: HttpRequest, pk: int) -> HttpResponse:
    answer = _answer_or_404(request, pk)
    services.unaccept_answer(answer=answer, by=request.user)
    if not request.htmx:
        messages.success(request, _("The answer is no longer marked as accepted."))
        return redirect(answer)
    return _answers_partial(request, answer.question, _("The answer is no longer marked as accepted."))


def answer_revisions(request: HttpRequest, pk: int) -> HttpResponse:
    answer = _answer_or_404(request, pk)
    revisions = _diffs(selectors.revisions(answer=answer))
    context = {"question": answer.question, "post": answer, "revisions": revisions}
    return render(request, "forum/revisions.html", context)
