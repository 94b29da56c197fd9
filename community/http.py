"""Small HTTP helpers every app shares: how a form's write and a refused write answer, where `next` may lead, who
the client is."""

import ipaddress
from collections.abc import Callable
from functools import wraps
from typing import TypeVar
from urllib.parse import urlsplit

from allauth import app_settings as allauth_settings
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import trigger_client_event

T = TypeVar("T")


def submitted(request: HttpRequest, form, write: Callable[[dict], T]) -> T | None:
    """What `write(form.cleaned_data)` returned, once the form was posted, is valid and the write went through.

    None when the page shows the form again: not posted yet, a field's error, or the service's refusal,
    which stands above the fields with everything typed kept. `write` calls one service and returns what it
    saved (never None).
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return write(form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return None


def form_status(request: HttpRequest) -> int:
    """A form shown again after a post answers 422 (with the errors and what was typed); a first showing 200."""
    return 422 if request.method == "POST" else 200


def refusal(request: HttpRequest, error: ValidationError, *, back_to) -> HttpResponse:
    """Tell the person why a write was refused: a toast for htmx, a flash message otherwise."""
    message = " ".join(error.messages)
    if request.htmx:  # a 4xx: htmx swaps nothing, the toast explains
        return trigger_client_event(HttpResponse(status=422), "toast", {"message": message, "level": "error"})
    messages.error(request, message)
    return redirect(back_to)


def done(request: HttpRequest, response: HttpResponse, message: str) -> HttpResponse:
    """Announce a change made in place: the toast region reads it out."""
    return trigger_client_event(response, "toast", {"message": str(message)})


def is_local_url(url: str | None, request: HttpRequest) -> bool:
    """Whether `url` is a path on this site, safe to send a person to after an action.

    Only a path counts ("/q/1/"): never another host ("//evil.example", "https://…"), a scheme
    ("javascript:"), or a bare word, which `redirect()` would try as a view name.
    """
    return (
        isinstance(url, str)
        and url.startswith("/")
        and url.isprintable()
        and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    )


def next_url(request: HttpRequest, fallback="/") -> str:
    """The `next` the form or link carried when it is a local path, else `fallback` (a URL, a name, a model)."""
    wanted = request.POST.get("next") or request.GET.get("next")
    return wanted if is_local_url(wanted, request) else resolve_url(fallback)


def redirect_next(request: HttpRequest, fallback="/") -> HttpResponseRedirect:
    """Back to where the person came from (`next`), or to `fallback`."""
    return HttpResponseRedirect(next_url(request, fallback))


def whole_number(raw: str | None, *, low: int = 0, high: int = 2**31 - 1) -> int | None:
    """A number from a query or form value when it is one, in ASCII digits and within [low, high]; else None.

    `str.isdigit()` is not enough: it takes "²", which `int()` refuses, and any length, which the database
    refuses. Views read page numbers and ids through this and treat None as "not given".
    """
    if not raw or len(raw) > 18 or not (raw.isascii() and raw.isdigit()):
        return None
    number = int(raw)
    return number if low <= number <= high else None


def client_ip(request: HttpRequest) -> str:
    """The visitor's address: from the proxy we trust when there is one, never from a header a client can set.

    Behind the compose file's proxy every request comes from the proxy, so `REMOTE_ADDR` is the same for
    everyone. `ALLAUTH_TRUSTED_PROXY_COUNT` (proxies that append to X-Forwarded-For) or
    `ALLAUTH_TRUSTED_CLIENT_IP_HEADER` (a header the proxy overwrites) say where the real address is; with
    neither, X-Forwarded-For is ignored, since anyone can send it. allauth's rate limits use this too.
    """
    found = None
    header = allauth_settings.TRUSTED_CLIENT_IP_HEADER
    count = allauth_settings.TRUSTED_PROXY_COUNT
    if header:
        found = request.headers.get(header, "")
    elif count > 0:
        # Each trusted proxy appends the address it saw: the client is `count` places from the end.
        hops = [hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",") if hop.strip()]
        found = hops[-count] if len(hops) >= count else None
    return _address(found) or _address(request.META.get("REMOTE_ADDR")) or "0.0.0.0"  # noqa: S104  # nosec B104  # no bind: the address rate limits count when a request names none


def _address(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:51234"
        value = value.split(":")[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def token_or_same_origin(view):
    """For a form on a page kept whole for signed-out readers, which carries no CSRF token (the page is
    given to every such reader; community/page_cache.py): a signed-in person's post is checked for its
    token as everywhere else; a signed-out visitor's post must come from a page of this site, as its
    Origin header says (or its Referer, from a browser that sends no Origin). Browsers send Origin with
    every POST and a page elsewhere cannot forge it, so another site cannot make a visitor post."""
    from django.middleware.csrf import CsrfViewMiddleware
    from django.views.csrf import csrf_failure
    from django.views.decorators.csrf import csrf_exempt

    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated:
            refused = CsrfViewMiddleware(view).process_view(request, None, args, kwargs)
            if refused is not None:
                return refused
        elif request.method == "POST" and not _from_this_site(request):
            return csrf_failure(request, reason="Origin checking failed: the form was not sent from this site.")
        return view(request, *args, **kwargs)

    return csrf_exempt(checked)


def _from_this_site(request: HttpRequest) -> bool:
    if getattr(request, "_dont_enforce_csrf_checks", False):  # the test client, as Django's own check honours
        return True
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    if not source or source == "null":
        return False
    parts = urlsplit(source)
    origin = f"{parts.scheme}://{parts.netloc}"
    return origin == f"{request.scheme}://{request.get_host()}" or origin in settings.CSRF_TRUSTED_ORIGINS
