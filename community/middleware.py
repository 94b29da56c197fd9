"""What every request and response gets, before and after any view: bad characters refused, privacy headers."""

import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.log import log_response

# C0 control characters and DEL; tab, line feed and carriage return are ordinary text in a form.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
API_PREFIX = "/api/"


class RejectControlCharactersMiddleware:
    """Answer 400 when the path, the query or a form field holds a control character (a NUL above all).

    No browser sends them from a link or a form, PostgreSQL refuses NUL in text, and no view should have
    to think about them. A cookie holding one is dropped instead (the visitor keeps using the site), so
    a broken session cookie never reaches the session store.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for name in [name for name, value in request.COOKIES.items() if _bad(name) or _bad(value)]:
            del request.COOKIES[name]
        if _bad(request.path) or _bad_in(request.GET) or (_is_form(request) and _bad_in(request.POST)):
            return bad_request(request)
        return self.get_response(request)


def _bad(text: str) -> bool:
    return CONTROL_CHARACTERS.search(text) is not None


def _bad_in(data) -> bool:
    return any(_bad(name) or any(_bad(value) for value in values) for name, values in data.lists())


def _is_form(request: HttpRequest) -> bool:
    return request.method == "POST" and request.content_type in FORM_TYPES


def bad_request(request: HttpRequest) -> HttpResponse:
    """The 400 page, in the visitor's language; it needs nothing a later middleware provides."""
    with translation.override(translation.get_language_from_request(request)):
        if request.path.startswith(API_PREFIX):  # the API answers JSON in the shape of its other refusals
            detail = translation.gettext(
                "The address or the form held characters that cannot be used, such as a NUL byte."
            )
            response = JsonResponse({"detail": detail}, status=400)
        else:
            response = HttpResponse(
                render_to_string("400_characters.html", {"SITE_NAME": settings.SITE_NAME}), status=400
            )
    log_response("Bad Request (control character): %s", request.path, response=response, request=request)
    return response


class PrivacyHeadersMiddleware:
    """Every response says which browser features are off; personal responses are never kept by a shared cache.

    A response is personal when it may differ per visitor: the visitor holds a session (signed in, or a
    message waiting), the page carries a CSRF token (a form), or it sets a cookie.
    Such a response gets `Cache-Control: private`, so a proxy or CDN never serves one person's page, or
    their CSRF token, to another. Static files stay public.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        policy = settings.PERMISSIONS_POLICY
        self.policy = ", ".join(f"{feature}=({' '.join(allowed)})" for feature, allowed in policy.items())

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.policy)
        if _personal(request, response) and not request.path.startswith(settings.STATIC_URL):
            patch_cache_control(response, private=True)
        return response


def _personal(request: HttpRequest, response: HttpResponse) -> bool:
    # A visitor without a session cookie sees what every such visitor sees, unless the page has a form.
    return bool(
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or response.cookies
    )


class UnreachableServiceMiddleware:
    """A service outside the site that a view calls (the company login's identity provider) may be down: the
    visitor gets a 503 page saying so, in their language, rather than a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        import requests

        if not isinstance(exception, requests.RequestException):
            return None
        response = render(request, "503_unreachable.html", status=503)
        response["Retry-After"] = "60"
        log_response(
            "Service Unavailable (%s): %s", type(exception).__name__, request.path, response=response, request=request
        )
        return response
