"""API tokens: admins make and revoke them; only a hash of the key is kept, so the key is shown once."""

import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community import audit
from community.accounts.models import User

from ..models import ApiToken, Helpdesk

PREFIX_LENGTH = 8
# Noting each use would write on every request; once a minute is enough to tell a live integration.
LAST_USED_EVERY = timedelta(minutes=1)


@transaction.atomic
def create_token(
    *,
    by: User,
    name: str,
    scope: str = ApiToken.Scope.READ,
    helpdesk: Helpdesk | None = None,
    requests_per_minute: int = 120,
) -> tuple[ApiToken, str]:
    """Make a token for an integration; returns it with its key, which is stored nowhere and shown once."""
    if not by.has_perm("helpdesk.manage_integrations"):
        raise PermissionDenied(_("Only admins manage integrations."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the integration that uses it.")})
    if scope not in ApiToken.Scope.values:
        raise ValidationError({"scope": _("The scope is read or write.")})
    if not 1 <= requests_per_minute <= 10_000:
        raise ValidationError({"requests_per_minute": _("Allow between 1 and 10000 requests per minute.")})
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name[:80],
        scope=scope,
        helpdesk=helpdesk,
        requests_per_minute=requests_per_minute,
        prefix=key[:PREFIX_LENGTH],
        key_hash=ApiToken.hash_of(key),
        created_by=by,
    )
    audit.record(
        actor=by,
        action="api_token_created",
        subject=None,
        token=token.name,
        prefix=token.prefix,
        scope=scope,
        system=helpdesk.slug if helpdesk else "",
    )
    return token, key


@transaction.atomic
def revoke_token(*, token: ApiToken, by: User) -> ApiToken:
    """Stop a token from working at once; revoking twice changes nothing."""
    if not by.has_perm("helpdesk.manage_integrations"):
        raise PermissionDenied(_("Only admins manage integrations."))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        actor=by, action="api_token_revoked", subject=None, token=token.name, prefix=token.prefix, scope=token.scope
    )
    return token


def note_token_used(token: ApiToken) -> None:
    """Remember when a token was last used, at most once a minute (an update of one row, no lock)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_EVERY:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
