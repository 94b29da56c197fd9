from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.http import done, refusal

from .. import selectors, services
from ..forms import EditReplyForm, ReplyForm
from ..kernel.views import edit_page
from ..models import Answer, Reply
from .lookups import question_or_404, reply_or_404


@login_required
@require_POST
def reply_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Reply under the question or an answer; htmx gets the updated conversation back."""
    question = question_or_404(request, pk)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return refusal(request, ValidationError(_("Please write a reply first.")), back_to=question)
    try:
        answer, parent = selectors.reply_target(
            question, answer_id=form.cleaned_data["answer"], parent_id=form.cleaned_data["parent"]
        )
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
    reply = reply_or_404(request, pk)
    return edit_page(
        request,
        reply,
        permission="forum.edit_post",
        refused=_("You can no longer edit this reply."),
        form=EditReplyForm(request.POST or None, initial={"body": reply.body}),
        write=lambda data: services.edit_reply(reply=reply, by=request.user, **data),
        template="forum/reply_edit.html",
        back_title=reply.question.title,
    )


@login_required
@require_POST
def reply_delete(request: HttpRequest, pk: int) -> HttpResponse:
    reply = reply_or_404(request, pk)
    services.delete_reply(reply=reply, by=request.user)
    messages.success(request, _("The reply is deleted."))
    return redirect(reply.question)


def reply_form(request: HttpRequest, pk: int) -> HttpResponse:
    """The reply box, answering one reply (htmx puts it under the post; without JS the page reloads)."""
    reply = reply_or_404(request, pk)
    post = reply.answer or reply.question
    post.reply_parent = reply
    kind = "answer" if reply.answer_id else "question"
    return render(request, "forum/_reply_form.html", {"post": post, "kind": kind, "question": reply.question})
