"""The comments section of an idea page, kept for everyone who reads it.

A long conversation costs most of the page, so one rendering per kind of reader (signed out, may
comment, may only read) is kept until a comment is written, edited or deleted (ideas/fragments.py). It
has holes for what is one person's own: the CSRF token, and each comment's edit and delete buttons,
filled in per request for the comment's author and for moderators. An open reply box (?reply_to=,
without JavaScript) and a form with errors are rendered for the one request.
"""

import re

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import get_template, render_to_string

from community.accounts.permissions import is_staff_moderator

from .. import fragments, selectors
from ..forms import CommentForm
from ..models import Idea, IdeaComment

_HOLES = re.compile(re.escape(fragments.HOLE) + r"(csrf|actions-(\d+))" + re.escape(fragments.HOLE))


def comments_html(request: HttpRequest, idea: Idea, comment_form: CommentForm | None = None, reply_to: str = ""):
    if comment_form is not None or reply_to:
        return _render(request, idea, comment_form, reply_to)[0]
    user = request.user
    if not user.is_authenticated:
        reader = "anonymous"
    else:
        reader = "post" if user.has_perm("ideas.post_comment", idea) else "read"
    key = fragments.comments_key(idea.pk, reader, idea.merged_into_id or 0)
    html, written = fragments.cached(key, lambda: _render(request, idea, holes=True))
    return _fill(html, request, idea, written)


def _render(request: HttpRequest, idea: Idea, comment_form=None, reply_to: str = "", *, holes: bool = False):
    """(HTML of the comments section, {comment id: (author id, written at)} of the comments shown with buttons)."""
    page = selectors.idea_comments(idea)
    _open_reply_form(page, reply_to)
    context = {"page": page, "idea": idea, "comment_form": comment_form or CommentForm()}
    if holes:
        context.update(holes=fragments.HOLE, csrf_token=f"{fragments.HOLE}csrf{fragments.HOLE}")
    html = render_to_string("ideas/_comments.html", context, request=request)
    written = {
        comment.pk: (comment.author_id, comment.created_at)
        for top in page.comments
        for comment in [top, *top.replies]
        if not comment.is_deleted
    }
    return html, written


def _fill(html: str, request: HttpRequest, idea: Idea, written: dict) -> str:
    user = request.user
    # Only its author, a moderator or the technical admin can have buttons on a comment.
    sees_all = user.is_authenticated and (user.is_superuser or is_staff_moderator(user))
    token = get_token(request) if user.is_authenticated else ""
    actions = get_template("ideas/_comment_actions.html")

    def fill(match: re.Match) -> str:
        if match.group(1) == "csrf":
            return token
        comment_id = int(match.group(2))
        author_id, created_at = written.get(comment_id, (None, None))
        if author_id is None or not (sees_all or author_id == user.pk):
            return ""
        comment = IdeaComment(pk=comment_id, author_id=author_id, created_at=created_at, idea=idea)
        return actions.render({"comment": comment, "user": user, "csrf_token": token})

    return type(html)(_HOLES.sub(fill, html))


def _open_reply_form(page, reply_to: str) -> None:
    """Without JavaScript, "Reply" reloads the page with ?reply_to=<id>: open that conversation's form for it."""
    for comment in page.comments:
        comment.reply_parent = None
        for candidate in [comment, *comment.replies]:
            if str(candidate.pk) == reply_to and not candidate.is_deleted:
                comment.reply_parent = candidate
