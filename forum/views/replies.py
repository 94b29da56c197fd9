from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.http import done, refusal

from .. import selectors, services
from ..forms import EditReplyForm, ReplyForm
from ..models import Answer, Reply
from .questions import _question_or_404


def _reply_or_404(request, pk: int) -> Reply:
    try:
        return selectors.reply_for_update(request.user, pk)
    except Reply.DoesNotExist:
        raise Http404 from None


@login_required
@require_POST
def reply_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Reply under the question or an answer; htmx gets the updated conversation back."""
    question = _question_or_404(request, pk)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return refusal(request, ValidationError(_("Please write a reply first.")), back_to=question)
    answer = parent = None
    try:
        if form.cleaned_data["answer"]:
            answer = Answer.objects.get(pk=form.cleaned_data["answer"], question=question)
        if form.cleaned_data["parent"]:
            parent = Reply.objects.select_related("author").get(pk=form.cleaned_data["parent"], question=question)
        reply = services.post_reply(
            question=question, answer=answer, parent=parent, by=request.user, body=form.cleaned_data["body"]
        )
    except (Answer.DoesNotExist, Reply.DoesNotExist):
        return refusal(request, ValidationError(_("That post is no longer there.")), back_to=question)
    except ValidationError as error:
        if not request.htmx:
            # A plain form post: keep the text by showing it again in a form of its own.
            return render(
                request,
                "forum/reply_retry.html",
                {"form": form, "question": question, "error": " ".join(error.messages)},
                status=422,
            )
        return refusal(request, error, back_to=question)
    if not request.htmx:
        messages.success(request, _("Your reply is posted."))
        return redirect(reply)
    thread = selectors.thread(request.user, question.pk)
    post = next((a for a in thread.answers if a.pk == answer.pk), None) if answer else thread.question
    # The kind names the conversation the form that comes back posts to: without it, the next reply
    # typed under an answer would land under the question.
    context = {"post": post, "kind": "answer" if answer else "question", "question": thread.question, "open": True}
    response = render(request, "forum/_replies.html", context)
    return done(request, response, _("Your reply is posted."))


@login_required
def reply_edit(request: HttpRequest, pk: int) -> HttpResponse:
    reply = _reply_or_404(request, pk)
    if not request.user.has_perm("forum.edit_post", reply):
        return render(request, "403.html", {"exception": _("You can no longer edit this reply.")}, status=403)
    form = EditReplyForm(request.POST or None, initial={"body": reply.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_reply(reply=reply, by=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(reply)
    status = 422 if request.method == "POST" else 200
    return render(request, "forum/reply_edit.html", {"form": form, "reply": reply}, status=status)


@login_required
@require_POST
def reply_delete(request: HttpRequest, pk: int) -> HttpResponse:
    reply = _reply_or_404(request, pk)
    services.delete_reply(reply=reply, by=request.user)
    messages.success(request, _("The reply is deleted."))
    return redirect(reply.question)


def reply_form(request: HttpRequest, pk: int) -> HttpResponse:
    """The reply box, answering one reply (htmx puts it under the post; without JS the page reloads)."""
    reply = _reply_or_404(request, pk)
    post = reply.answer or reply.question
    post.reply_parent = reply
    kind = "answer" if reply.answer_id else "question"
    return render(request, "forum/_reply_form.html", {"post": post, "kind": kind, "question": reply.question})
