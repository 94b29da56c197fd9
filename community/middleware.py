"""What every request and response gets, before and after any view: bad characters refused, privacy headers."""

import re

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
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


# What a view's decorator sets on a response to change its policy (django-csp's decorators).
_OWN_POLICY = (
    "_csp_exempt",
    "_csp_exempt_ro",
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the site's own policy built once per process.

    django-csp builds the header afresh for every response, which costs as much as a small view. A
    response that uses a nonce or whose view changed its policy is built by django-csp as before.
    """

    def __init__(self, get_response):
        super().__init__(get_response)
        self.policies: dict[bool, str] = {}

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        own = isinstance(getattr(request, "_csp_nonce", None), str) or any(hasattr(response, a) for a in _OWN_POLICY)
        excluded = any(
            (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES")
            for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
        )
        if own or excluded or (settings.DEBUG and response.status_code in (404, 500)):
            return super().process_response(request, response)
        for header, report_only in ((HEADER, False), (HEADER_REPORT_ONLY, True)):
            if report_only not in self.policies:
                self.policies[report_only] = build_policy(report_only=report_only)
            if self.policies[report_only] and header not in response:
                response[header] = self.policies[report_only]
        # As django-csp does: a nonce asked for after the header was written would be in no policy.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
