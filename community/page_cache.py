"""Whole pages for signed-out readers: kept in the cache, answered before any other middleware.

Most of a support forum's readers come from a search engine, signed out, and see what every such reader
sees. A view marked `@kept_for_readers` has its page kept whole, under the reader's language and the full
address (scheme, host, path and the query in a fixed order), and a later reader in the same language gets
it from one cache round trip, without sessions, authentication or templates, with an ETag and a
Last-Modified date, and a 304 when their copy is still current.

Kept only when nothing in the response is personal: a GET or HEAD without a session or message cookie,
not an htmx request, answered 200 by a marked view, setting no cookie (so no CSRF token: pages kept whole
show signed-out readers no form that needs one), not private, and with no CSP nonce (a page kept
whole is given to many readers, so a nonce in it would be no secret; its policy is the site's 'self'
one). The response is taken after every middleware has added its headers, so a kept page carries
the same security headers as a rendered one.

Cleared the one way every cache here is (community/fragments.py): an entry holds the version of
PAGES current when its rendering began, and every write that changes something shown (`changed`,
`forget`) bumps that version, now and once more when the write commits. An entry from before is
never served again; entries also end after PAGE_SECONDS, which bounds what no write marks (view
counts, "3 hours ago").
"""

import hashlib
import time
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, get_resolver
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from . import fragments
from .replicas import primary_reads

PAGE_SECONDS = fragments.FRAGMENT_SECONDS
FORMAT = 1  # raise it when the shape of an entry changes
KEPT = "kept_for_readers"  # the mark a view's function carries
# Headers a kept page never carries to another reader (the server sets Date; no kept page sets a cookie).
NOT_KEPT_HEADERS = {"set-cookie", "date"}


def kept_for_readers(view):
    """Mark a view whose page, as signed-out readers see it, may be kept whole (see the module)."""
    setattr(view, KEPT, True)
    return view


def repeat_on_hit(request: HttpRequest, function, *args) -> None:
    """Call `function(*args)` for this request and for every reader the kept page is served to later
    (a view count): `function` must be a module-level function, it is kept with the page by name."""
    function(*args)
    repeats = getattr(request, "_page_cache_repeats", None)
    if repeats is not None:
        repeats.append((function, args))


@lru_cache(maxsize=8192)
def _marked(path: str) -> bool:
    """Whether the view at this path is marked: resolved once per path and process, so an address that
    is never kept (a probe, a form) costs no cache round trip."""
    try:
        match = get_resolver().resolve(path)
    except Resolver404:
        return False
    return bool(getattr(match.func, KEPT, False))


def _key(request: HttpRequest) -> str | None:
    """The entry's key, or None when this request may neither be served nor kept."""
    if request.method not in ("GET", "HEAD") or "HTTP_HX_REQUEST" in request.META:
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    if request.path.startswith(settings.STATIC_URL) or not _marked(request.path_info):
        return None
    try:
        host = request.get_host()  # checks ALLOWED_HOSTS, as the rest of the stack would
    except DisallowedHost:
        return None
    query = urlencode(sorted(parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)))
    language = translation.get_language_from_request(request)
    address = f"{request.scheme}://{host}{request.path}?{query}"
    digest = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
    return f"page:{FORMAT}:{language}:{digest}"


class PageCacheMiddleware:
    """First in MIDDLEWARE: serves a kept page before any other middleware runs, and keeps what a marked
    view answered once every other middleware has added its headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = _key(request)
        if key is None:
            return self.get_response(request)
        # Redis down is a miss here and a skipped write below (community/cache.py): the page is rendered.
        found = cache.get_many([fragments.PAGES, key])
        current = found.get(fragments.PAGES)
        entry = found.get(key)
        if entry is not None and current is not None and entry[0] == current:
            return _serve(request, entry)
        if current is None:
            current = fragments.version(fragments.PAGES)
        request._page_cache_repeats = []
        with primary_reads():  # a page kept for everyone is never a lagging replica's view
            response = self.get_response(request)
        if _keepable(request, response, key):
            # A later date than the copy it replaces, even within the same second: a client that asks
            # If-Modified-Since with the old copy's date gets the new page.
            after = entry[2] + 1 if entry is not None else 0
            entry = _entry(request, response, current, after)
            cache.set(key, entry, PAGE_SECONDS)
            response["ETag"], response["Last-Modified"] = entry[1], http_date(entry[2])
            return get_conditional_response(request, etag=entry[1], last_modified=entry[2], response=response)
        return response


def _keepable(request: HttpRequest, response: HttpResponse, key: str) -> bool:
    return (
        response.status_code == 200
        and getattr(getattr(request, "resolver_match", None), "func", None) is not None
        and getattr(request.resolver_match.func, KEPT, False)
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not isinstance(getattr(request, "_csp_nonce", None), str)
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
        # The language the page was rendered in is the one it is kept under.
        and key.split(":")[2] == response.get("Content-Language")
        and not getattr(getattr(request, "user", None), "is_authenticated", False)
    )


def _entry(request: HttpRequest, response: HttpResponse, version: int, after: int) -> tuple:
    # Readers' browsers and any proxy between may keep it, but ask again each time: the answer is a 304.
    patch_cache_control(response, no_cache=True)
    body = response.content
    etag = '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'
    headers = [(name, value) for name, value in response.items() if name.lower() not in NOT_KEPT_HEADERS]
    return (version, etag, max(int(time.time()), after), headers, body, tuple(request._page_cache_repeats))


def _serve(request: HttpRequest, entry: tuple) -> HttpResponse:
    _version, etag, modified, headers, body, repeats = entry
    for function, args in repeats:
        function(*args)
    response = HttpResponse(b"" if request.method == "HEAD" else body)
    for name, value in headers:
        response[name] = value
    response["ETag"], response["Last-Modified"] = etag, http_date(modified)
    return get_conditional_response(request, etag=etag, last_modified=modified, response=response)
