"""The question page, the most read page of all: rendered once per version of the thread and reader kind.

Signed-out readers share one rendering. Members who wrote nothing in the thread share one per kind
of reader (roles, whether they may post); what differs between them (the CSRF token, their own
votes) is left as holes, marked with a secret no post can contain, and filled per request. Authors,
and a page opened to reply to someone, are rendered in full.
"""

import hashlib
import re

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from community.accounts.permissions import (
    can_contribute,
    has_super_user_privileges,
    is_staff_moderator,
    restriction_of,
)
from community.http import whole_number
from community.page_cache import kept_for_readers, repeat_on_hit

from .. import fragments, selectors, services

# Marks a hole in a cached rendering; derived from the secret key, so no text a person writes has it.
HOLE = "\u2983" + hashlib.sha256(f"holes:{settings.SECRET_KEY}".encode()).hexdigest()[:12]
_HOLES = re.compile(re.escape(HOLE) + r"(csrf|value|pressed)(?:-(up|down)-(question|answer)-(\d+))?" + re.escape(HOLE))


@kept_for_readers
@fragments.batched
def question_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    # What the page reads from the cache comes in two round trips: the versions and what every page
    # reads, then the renderings kept under those versions.
    fragments.prefetch_page(request, *fragments.thread_versions(pk), fragments.LISTS, fragments.SEARCH)
    member_key = (
        fragments.thread_key(pk, "member", _reader_kind(request.user))
        if request.user.is_authenticated
        else fragments.thread_key(pk, "reader")
    )
    # The question itself, kept with the thread's renderings (it changes when they do).
    head_key = fragments.thread_key(pk, "head")
    withheld_key = fragments.thread_key(pk, "withheld-authors")
    fragments.prefetch(head_key, member_key, *([withheld_key] if request.user.is_authenticated else []))
    question = fragments.cached(head_key, lambda: selectors.question_head(pk))
    if question is None or question.category.audience not in selectors.audiences(request.user):
        raise Http404
    if slug != question.slug:
        return redirect(question, permanent=True)
    if question.is_trashed and not request.user.has_perm("forum.view_deleted"):
        return render(request, "forum/question_deleted.html", {"question": question}, status=410)
    if question.is_deleted and not question.is_trashed and not request.user.has_perm("forum.view_withheld", question):
        raise Http404  # held or hidden: only its author and the people who review it know it is there
    repeat_on_hit(request, services.record_view, question.pk)
    if not request.user.is_authenticated:
        html = fragments.cached(fragments.thread_key(pk, "reader"), lambda: _render(request, question, head_key)[0])
    elif request.GET.get("reply_to"):
        html = _render(request, question, head_key, reply_to=request.GET["reply_to"])[0]
    else:
        html = _for_member(request, question, head_key)
    # Close, retag, duplicate: super users and moderators; lock, pin, move: moderators (a subset).
    can_manage = request.user.is_active and has_super_user_privileges(request.user)
    side = selectors.thread_side(request.user, question)
    context = {
        "question": question,
        "thread_html": html,
        "can_manage": can_manage,
        "side": side,
        "withheld": selectors.my_withheld(request.user, question, among=_withheld_authors(request, withheld_key, pk)),
    }
    return render(request, "forum/question_detail.html", context)


def _render(request: HttpRequest, question, head_key: str, *, holes: bool = False, reply_to: str | None = None):
    """(HTML of the thread, ids of everyone who wrote in it).

    Made from the page's head while the thread's version is still the one the head was kept under: a
    rendering is kept under the version current when it began, so it never holds an older question.
    """
    current = fragments.thread_key(question.pk, "head") == head_key
    thread = selectors.thread(request.user, question.pk, question=question if current else None)
    if reply_to:
        _open_reply_form(thread, reply_to)
    context = {"thread": thread, "question": thread.question, "answers": thread.answers, "tags": thread.tags}
    if holes:
        context.update(holes=HOLE, csrf_token=f"{HOLE}csrf{HOLE}")
    authors = {thread.question.author_id} | {a.author_id for a in thread.answers}
    authors |= {r.author_id for replies in thread.replies_by_post.values() for r in replies}
    answer_ids = [answer.pk for answer in thread.answers]
    return render_to_string("forum/_thread_main.html", context, request=request), authors, answer_ids


def _withheld_authors(request: HttpRequest, key: str, pk: int) -> frozenset[int] | None:
    if not request.user.is_authenticated:
        return None
    return fragments.cached(key, lambda: selectors.withheld_authors(pk))


def _reader_kind(user) -> str:
    """What decides how a thread looks to a member who wrote nothing in it."""
    return "-".join(
        [
            "+".join(selectors.audiences(user)),
            "mod" if is_staff_moderator(user) else "super" if has_super_user_privileges(user) else "member",
            # Suspended and silenced readers are told so where the answer form would be, not to confirm their address.
            "post" if can_contribute(user) else restriction_of(user) or "read",
        ]
    )


def _for_member(request: HttpRequest, question, head_key: str) -> str:
    pk = question.pk
    key = fragments.thread_key(pk, "member", _reader_kind(request.user))
    cached = fragments.get(key)
    if cached is None:
        cached = _render(request, question, head_key, holes=True)
        if request.user.pk in cached[1]:
            # Rendered for one of its authors, with their own buttons: theirs alone, not kept for others.
            return _fill_holes(cached[0], request, pk, cached[2])
        fragments.keep(key, cached, fragments.FRAGMENT_SECONDS)
    html, authors, answer_ids = cached
    if request.user.pk in authors:  # their own posts carry their own edit and delete buttons
        return _render(request, question, head_key)[0]
    return _fill_holes(html, request, pk, answer_ids)


def _fill_holes(html: str, request: HttpRequest, pk: int, answer_ids: list[int]):
    token = get_token(request)
    mine = selectors.my_votes(request.user, pk, answer_ids)

    def fill(match: re.Match) -> str:
        what, direction, kind, post_id = match.groups()
        if what == "csrf":
            return token
        mine_now = mine.get((kind, int(post_id)), 0)
        target = 1 if direction == "up" else -1
        if what == "value":
            return "0" if mine_now == target else str(target)
        return "true" if mine_now == target else "false"

    return type(html)(_HOLES.sub(fill, html))


def _open_reply_form(thread, reply_to: str) -> None:
    """Without JavaScript, "Reply" reloads the page with ?reply_to=<id>: open that post's form for it."""
    wanted = whole_number(reply_to)
    if wanted is None:
        return
    for (kind, post_id), replies in thread.replies_by_post.items():
        for reply in replies:
            if reply.pk == wanted:
                post = thread.question if kind == "question" else next(a for a in thread.answers if a.pk == post_id)
                post.reply_parent = reply
                return
