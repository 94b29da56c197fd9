"""The JSON API: one NinjaAPI for the whole site, mounted at /api/, its schema at /api/openapi.json and
its reference at /api/docs.

The foundation knows no app: each app adds its router in its `ready()` (`mount(...)`), before the
URLconf is first read. Every refusal has one shape, `{"detail": "…"}`, with `errors` by field where the
input was at fault, in the caller's language (Accept-Language).
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as RefusedInput
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, Throttled
from ninja.errors import ValidationError as BadInput

api = NinjaAPI(
    title="Peerdesk API",
    version="1",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    description="Threads and knowledge-base articles for a helpdesk's sidebar, ticket links and statuses, "
    "and the webhook delivery log. Send an API token as `Authorization: Bearer <token>` or `X-Api-Key`.",
)


_mounted: dict[str, object] = {}


def mount(prefix: str, router) -> None:
    """Add an app's router under `prefix` (from its `ready()`); the same router again changes nothing."""
    if _mounted.get(prefix) is router:
        return
    _mounted[prefix] = router
    api.add_router(prefix, router)


class Error(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


# The refusals every operation may answer with, for its `response=` (so the schema lists them exactly).
# 400: a control character in the address or the query, refused before any view (community.middleware).
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 422: Error, 429: Error}


class TokenRefused(AuthenticationError):
    """A token that was sent but is not good: the reason says which (unknown, revoked)."""

    def __init__(self, message: str) -> None:
        super().__init__(status_code=401, message=message)


def _refuse(request: HttpRequest, status: int, detail: str, errors: dict | None = None) -> HttpResponse:
    body = {"detail": detail}
    if errors:
        body["errors"] = errors
    return api.create_response(request, body, status=status)


@api.exception_handler(PermissionDenied)
def _permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _refuse(request, 403, str(exc) or _("You may not do this."))


@api.exception_handler(RefusedInput)
def _refused_input(request: HttpRequest, exc: RefusedInput) -> HttpResponse:
    errors = (
        {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()} if exc.error_dict else None
    )
    return _refuse(request, 422, " ".join(exc.messages), errors)


@api.exception_handler(BadInput)
def _bad_input(request: HttpRequest, exc: BadInput) -> HttpResponse:
    """Input the schema rejects: the same shape as a service's refusal, each message under its field."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path", "payload")]
        errors.setdefault(".".join(location) or "__all__", []).append(str(error.get("msg", "")))
    return _refuse(request, 422, _("The request is not valid: see the errors by field."), errors)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _refuse(request, 404, str(exc) or _("Not found."))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    if isinstance(exc, TokenRefused):
        return _refuse(request, 401, exc.message)
    return _refuse(request, 401, _("Send an API token as “Authorization: Bearer <token>” or “X-Api-Key: <token>”."))


@api.exception_handler(AuthorizationError)
def _unauthorized(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
    return _refuse(request, 403, exc.message)


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    # Ninja adds Retry-After (whole seconds) to this response.
    return _refuse(request, 429, _("Too many requests for this token: wait a moment and try again."))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _refuse(request, exc.status_code, exc.message)
