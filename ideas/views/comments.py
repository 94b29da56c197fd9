from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.http import done
from forum.kernel.views import edit_page

from .. import selectors, services
from ..forms import CommentForm, EditCommentForm
from ._comments_section import comments_html
from ._common import comment_or_404, idea_or_404, refused
from .ideas import render_with_errors


def _comments_partial(request: HttpRequest, idea, message: str) -> HttpResponse:
    idea = selectors.idea_detail_head(idea.pk)
    return done(request, HttpResponse(comments_html(request, idea)), message)


@login_required
@require_POST
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Comment on an idea or reply to a comment; htmx gets the updated comments back."""
    idea = idea_or_404(pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return refused(request, ValidationError(_("Please write a comment first.")), back_to=idea)
        return render_with_errors(request, idea, comment_form=form)
    parent = None
    if form.cleaned_data["parent"]:
        parent = selectors.comment_on(idea, form.cleaned_data["parent"])
        if parent is None:
            return refused(request, ValidationError(_("That comment is no longer there to reply to.")), back_to=idea)
    try:
        comment = services.post_comment(idea=idea, by=request.user, body=form.cleaned_data["body"], parent=parent)
    except ValidationError as error:
        if request.htmx:
            return refused(request, error, back_to=idea)
        form.add_error(None, error)  # a plain post: the page again, the text kept
        return render_with_errors(request, idea, comment_form=form)
    except PermissionDenied as error:
        return refused(request, error, back_to=idea)
    message = _("Your reply is posted.") if parent else _("Your comment is posted.")
    if not request.htmx:
        messages.success(request, message)
        return redirect(f"{idea.get_absolute_url()}#comment-{comment.pk}")
    return _comments_partial(request, idea, message)


def comment_reply_form(request: HttpRequest, pk: int) -> HttpResponse:
    """The reply box answering one comment (htmx puts it in place; without JS the page opens it)."""
    comment = comment_or_404(pk)
    root_id = comment.root_id or comment.pk
    context = {"idea": comment.idea, "parent": comment, "root_id": root_id, "open": True}
    return render(request, "ideas/_reply_form.html", context)


@login_required
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment = comment_or_404(pk)
    return edit_page(
        request,
        comment,
        permission="ideas.edit_comment",
        refused=_("You can no longer edit this comment."),
        form=EditCommentForm(request.POST or None, initial={"body": comment.body}),
        write=lambda data: services.edit_comment(comment=comment, by=request.user, **data),
        template="ideas/comment_edit.html",
        back_title=comment.idea.title,
    )


@login_required
@require_POST
def comment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment = comment_or_404(pk)
    services.delete_comment(comment=comment, by=request.user)
    messages.success(request, _("The comment is deleted."))
    return redirect(comment)
