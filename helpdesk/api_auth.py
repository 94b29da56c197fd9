"""Who calls the API: a token in `Authorization: Bearer …` or `X-Api-Key`, its scope, its own rate limit."""

import threading
import time

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja.security import APIKeyHeader, HttpBearer
from ninja.throttling import BaseThrottle

from community.api import TokenRefused

from .models import ApiToken, Helpdesk
from .services.tokens import note_token_used

KEY_MAX = 200  # a real key has 43 characters; anything much longer is not one and is not hashed


def token_for(key: str) -> ApiToken:
    """The live token with this key (by the hash of the key), or a 401 that says why not."""
    key = (key or "").strip()
    token = None
    if key and len(key) <= KEY_MAX:
        token = ApiToken.objects.select_related("helpdesk").filter(key_hash=ApiToken.hash_of(key)).first()
    if token is None:
        raise TokenRefused(_("This API token is not known."))
    if token.revoked_at is not None:
        raise TokenRefused(_("This API token was revoked."))
    note_token_used(token)
    return token


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        return token_for(token)


class KeyHeader(APIKeyHeader):
    param_name = "X-Api-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiToken | None:
        return token_for(key) if key else None


AUTH = [BearerToken(), KeyHeader()]


def require_write(request: HttpRequest) -> ApiToken:
    """The calling token, if it may write; a 403 with the reason otherwise."""
    token = request.auth
    if token.scope != ApiToken.Scope.WRITE:
        raise PermissionDenied(_("This API token may only read; writing needs a token with the write scope."))
    return token


def helpdesk_for(request: HttpRequest, system: str) -> Helpdesk:
    """The helpdesk a ticket reference names; a token bound to a helpdesk acts on that one's tickets only."""
    token: ApiToken = request.auth
    if token.helpdesk_id is not None and token.helpdesk.slug != system:
        raise PermissionDenied(
            _("This API token belongs to the helpdesk “%(system)s” and acts on its tickets only.")
            % {"system": token.helpdesk.slug}
        )
    helpdesk = Helpdesk.objects.filter(slug=system).first() if len(system) <= 40 else None
    if helpdesk is None:
        raise Http404(_("There is no helpdesk “%(system)s”.") % {"system": system[:40]})
    return helpdesk


class TokenRate(BaseThrottle):
    """Each token's own requests per minute, counted in the shared cache (Redis in production).

    One counter per token and clock minute, raised with the cache's atomic increment: ninja's history
    list is read, changed and written back, so two workers at once could both let a request through.
    """

    def __init__(self) -> None:
        self._local = threading.local()  # wait() is asked without the request, right after allow_request()

    def allow_request(self, request: HttpRequest) -> bool:
        token = getattr(request, "auth", None)
        if not isinstance(token, ApiToken):
            return True
        now = time.time()
        key = f"api-rate:{token.pk}:{int(now // 60)}"
        cache.add(key, 0, timeout=120)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=120)
            count = 1
        self._local.wait = 60 - now % 60
        return count <= token.requests_per_minute

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)
