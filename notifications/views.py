from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from community.http import done, is_local_url, redirect_next, whole_number

from . import emails, followables, selectors, services
from .forms import PreferencesForm


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = selectors.notification_page(request.user, request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page, "notifications": page.object_list})


def bell(request: HttpRequest) -> HttpResponse:
    """The bell with its number, polled every few seconds by htmx (one cached count, no session write)."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    context = {"unread": selectors.unread_count(request.user), "poll": settings.NOTIFICATIONS_POLL_SECONDS}
    return render(request, "notifications/_bell.html", context)


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a notification read and lead on to the exact answer or reply.

    The notification's link goes straight to its page (a GET writes nothing); htmx posts here on the click,
    and the answer sends the browser on. Without JavaScript the "Mark as read" button does the marking.
    """
    notification = selectors.notification_or_none(request.user, pk)
    if notification is None:
        raise Http404
    services.mark_read(user=request.user, notification_id=notification.pk)
    target = notification.url if is_local_url(notification.url, request) else "/"
    if request.htmx:
        return HttpResponse(status=204, headers={"HX-Redirect": target})
    return HttpResponseRedirect(target)


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    notification_id = request.POST.get("notification")
    one = whole_number(notification_id, low=1)
    if notification_id and one is None:
        raise Http404  # a broken id names no notification; it must not mean "all of them"
    services.mark_read(user=request.user, notification_id=one)
    message = _("Marked as read.") if one else _("All notifications are marked as read.")
    if request.htmx:
        page = selectors.notification_page(request.user, request.POST.get("page"))
        response = render(request, "notifications/_list.html", {"page": page, "notifications": page.object_list})
        return done(request, response, message)
    messages.success(request, message)
    return redirect("notifications:list")


@login_required
@require_POST
def follow(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Follow or unfollow a question, a category or a tag (form field `follow`: 1 or 0)."""
    obj = selectors.followable_or_none(request.user, kind, pk)
    if obj is None:
        raise Http404
    following = request.POST.get("follow") != "0"
    if following:
        services.follow(user=request.user, target=obj)
    else:
        services.unfollow(user=request.user, target=obj)
    message = _("You follow this now.") if following else _("You no longer follow this.")
    if request.htmx:
        response = render(request, "notifications/_follow.html", follow_context(request, obj))
        return done(request, response, message)
    messages.success(request, message)
    return redirect_next(request)


def follow_context(request, obj) -> dict:
    """Everything the follow button shows, so it renders without a request context (it is on busy pages)."""
    followers, following = selectors.follow_state(request.user, obj)
    return {
        "kind": followables.name_of(obj),
        "obj": obj,
        "following": following,
        "followers": followers,
        "signed_in": request.user.is_authenticated,
        "here": request.get_full_path(),
        # Signed-out readers get a link to sign in, no form: their page is kept whole for every such reader.
        "csrf_token": get_token(request) if request.user.is_authenticated else "",
    }


@login_required
def following(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/following.html", {"groups": selectors.following(request.user)})


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    rows = selectors.preferences(request.user)
    form = PreferencesForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        for code, choice in form.choices().items():
            services.set_preference(user=request.user, kind=code, email=choice["email"], in_app=choice["in_app"])
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@csrf_exempt  # mail programs send the one-click POST (RFC 8058) without a session or a form
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stop one kind of email from a link in that email, without signing in."""
    try:
        user_id, kind = emails.read_unsubscribe_token(token)
        user = selectors.active_person(user_id)
        label = services.email_label(kind)
    except signing.SignatureExpired:
        return render(request, "notifications/unsubscribe_invalid.html", {"expired": True}, status=400)
    except (signing.BadSignature, LookupError, ValueError):
        return render(request, "notifications/unsubscribe_invalid.html", {"expired": False}, status=400)
    if request.method == "POST":
        services.unsubscribe(user=user, kind=kind)
        return render(request, "notifications/unsubscribed.html", {"label": label, "person": user})
    return render(request, "notifications/unsubscribe.html", {"label": label, "token": token, "person": user})
