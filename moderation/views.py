from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_htmx.http import trigger_client_event

from community.http import form_status, refusal, submitted
from forum import moderatable
from forum import selectors as forum_selectors

from . import selectors, services
from .forms import FlagForm, WarnForm

NOTE_MAX = 500


def _require_reviewer(request: HttpRequest) -> None:
    if not request.user.has_perm("moderation.review_posts"):
        raise PermissionDenied(_("Only super users and moderators review posts."))


def _note(request: HttpRequest) -> str:
    return request.POST.get("note", "")[:NOTE_MAX]


@login_required
def flag(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    found, post = selectors.post_or_none(request.user, kind, pk)
    if post is None or post.is_trashed or not moderatable.visible_to(request.user, post):
        raise Http404
    if post.author_id == request.user.pk:
        raise PermissionDenied(_("You cannot flag your own post."))
    if not request.user.has_perm("moderation.flag_post", post):
        raise PermissionDenied(_("Only members with a confirmed email address can flag posts."))
    form = FlagForm(request.POST or None)
    if submitted(request, form, lambda data: services.flag_post(post=post, by=request.user, **data)):
        messages.success(request, _("Thank you. Super users and moderators will look at it."))
        return redirect(found.url(post))
    context = {"form": form, "post": post, "kind": found, "title": found.title(post), "url": found.url(post)}
    return render(request, "moderation/flag.html", context, status=form_status(request))


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    _require_reviewer(request)
    items = selectors.queue(request.user)
    context = {
        "items": items,
        "full": len(items) >= selectors.QUEUE_SIZE,
        "queue_size": selectors.QUEUE_SIZE,
        "categories": forum_selectors.categories_to_start_in(request.user),
    }
    return render(request, "moderation/queue.html", context)


DONE = {
    "approve": lambda: _("Approved: the post is public."),
    "hide": lambda: _("Hidden: its author is told why."),
    "delete": lambda: _("Deleted."),
    "lock": lambda: _("The question is locked."),
    "move": lambda: _("The question is moved."),
}


def _done(request: HttpRequest, message: str) -> HttpResponse:
    """The item leaves the queue: htmx swaps it for nothing and says what happened; without JavaScript, back."""
    if not request.htmx:
        messages.success(request, message)
        return redirect("moderation:queue")
    response = trigger_client_event(HttpResponse(""), "toast", {"message": message})
    return trigger_client_event(response, "staff-changed", {})


@login_required
@require_POST
def decide(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    _require_reviewer(request)
    post = selectors.post_or_none(request.user, kind, pk)[1]
    if post is None:
        raise Http404
    action = request.POST.get("action", "")
    try:
        if action in services.ACTIONS:
            services.ACTIONS[action](post=post, by=request.user, note=_note(request))
        elif action == "lock":
            services.lock_thread(post=post, by=request.user, note=_note(request))
        elif action == "move":
            category = next(
                (
                    c
                    for c in forum_selectors.categories_to_start_in(request.user)
                    if str(c.pk) == request.POST.get("category")
                ),
                None,
            )
            services.move_thread(post=post, by=request.user, category=category, note=_note(request))
        else:
            raise ValidationError(_("Choose what to do with the post."), code="bad_action")
    except ValidationError as error:
        return refusal(request, error, back_to="moderation:queue")
    return _done(request, DONE[action]())


@login_required
def warn(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if not request.user.has_perm("moderation.warn_author"):
        raise PermissionDenied(_("Only moderators warn members."))
    found, post = selectors.post_or_none(request.user, kind, pk)
    if post is None:
        raise Http404
    form = WarnForm(request.POST or None)
    if submitted(request, form, lambda data: services.warn_author(post=post, by=request.user, **data) or True):
        messages.success(request, _("The author is warned."))
        return redirect("moderation:queue")
    context = {"form": form, "post": post, "kind": found, "title": found.title(post), "url": found.url(post)}
    return render(request, "moderation/warn.html", context, status=form_status(request))


@login_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    _require_reviewer(request)
    posts = selectors.queued_posts(request.user, request.POST.getlist("items")[: selectors.QUEUE_SIZE])
    try:
        count = services.review_in_bulk(
            posts=posts, by=request.user, action=request.POST.get("action", ""), note=_note(request)
        )
    except ValidationError as error:
        return refusal(request, error, back_to="moderation:queue")
    message = ngettext("%(count)d post decided.", "%(count)d posts decided.", count) % {"count": count}
    if not request.htmx:
        messages.success(request, message)
        return redirect("moderation:queue")
    items = selectors.queue(request.user)
    context = {"items": items, "full": len(items) >= selectors.QUEUE_SIZE, "queue_size": selectors.QUEUE_SIZE}
    context["categories"] = forum_selectors.categories_to_start_in(request.user)
    response = render(request, "moderation/_queue_items.html", context)
    return trigger_client_event(trigger_client_event(response, "toast", {"message": message}), "staff-changed", {})


@login_required
@require_POST
def handle(request: HttpRequest, pk: int) -> HttpResponse:
    flag = selectors.flag_or_none(pk)
    if flag is None:
        raise Http404
    try:
        services.handle_flag(
            flag=flag,
            by=request.user,
            uphold=request.POST.get("decision") == "uphold",
            note=_note(request),
        )
    except ValidationError as error:
        return refusal(request, error, back_to="moderation:queue")
    messages.success(request, _("The flag is handled."))
    return redirect("moderation:queue")
