from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.accounts.permissions import has_super_user_privileges
from community.http import done, refusal, submitted

from .. import selectors, services
from ..forms import AnswerForm, EditAnswerForm
from ..kernel.views import edit_page
from ..models import Question
from .lookups import answer_or_404, question_or_404


@login_required
def answer_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Post an answer; on a problem, the question page again with the message and the text kept."""
    question = question_or_404(request, pk)
    if request.method == "GET":
        return redirect(question)
    form = AnswerForm(request.POST)
    answer = submitted(request, form, lambda data: services.post_answer(question=question, by=request.user, **data))
    if answer:
        messages.success(request, _("Thank you for your answer."))
        return redirect(answer)
    thread = selectors.thread(request.user, question.pk)
    context = {"thread": thread, "question": thread.question, "answers": thread.answers, "tags": thread.tags}
    context.update(answer_form=form, can_manage=has_super_user_privileges(request.user))
    return render(request, "forum/question_detail.html", context, status=422)


@login_required
def answer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    answer = answer_or_404(request, pk)
    return edit_page(
        request,
        answer,
        permission="forum.edit_post",
        refused=_("You can no longer edit this answer."),
        form=EditAnswerForm(request.POST or None, initial={"body": answer.body}),
        write=lambda data: services.edit_answer(answer=answer, by=request.user, **data),
        template="forum/answer_edit.html",
        back_title=answer.question.title,
    )


@login_required
@require_POST
def answer_delete(request: HttpRequest, pk: int) -> HttpResponse:
    answer = answer_or_404(request, pk)
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
    answer = answer_or_404(request, pk)
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
    answer = answer_or_404(request, pk)
    services.unaccept_answer(answer=answer, by=request.user)
    if not request.htmx:
        messages.success(request, _("The answer is no longer marked as accepted."))
        return redirect(answer)
    return _answers_partial(request, answer.question, _("The answer is no longer marked as accepted."))


def answer_revisions(request: HttpRequest, pk: int) -> HttpResponse:
    answer = answer_or_404(request, pk)
    revisions = selectors.revision_history(answer=answer)
    context = {"question": answer.question, "post": answer, "revisions": revisions}
    return render(request, "forum/revisions.html", context)
