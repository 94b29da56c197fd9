"""Rate limits per role and action: how often people may ask, answer, reply, vote, flag and post ideas
and comments.

An admin sets the numbers in the administration (RateLimit rows); without a row the default below
holds. Admins have no limit; everybody else counts as their highest role (moderator, agent, super
user), else as a new member (joined less than NEW_MEMBER_DAYS ago) or a member.

Counting is in the database, in the write's own transaction: a transaction-scoped advisory lock per
person and action serialises parallel requests, the writes inside the window are counted, and the new
one is recorded. A post that fails afterwards (too short, a closed thread) rolls its count back with it.
"""

import hashlib
from datetime import timedelta
from math import ceil

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.accounts.models import Role as AccountRole
from community.fragments import cached, forget

from .models import CountedWrite, RateLimit

Role, Action = RateLimit.Role, RateLimit.Action
WINDOW_MINUTES = 60
# Per action: (new member, member, super user, agent, moderator), per WINDOW_MINUTES.
_TABLE = {
    Action.QUESTION: (3, 10, 20, 60, 60),
    Action.ANSWER: (10, 30, 60, 120, 120),
    Action.REPLY: (15, 40, 100, 200, 200),
    Action.VOTE: (30, 80, 200, 200, 300),
    Action.FLAG: (10, 20, 60, 60, 120),
    Action.IDEA: (2, 5, 10, 30, 30),
    Action.IDEA_COMMENT: (10, 30, 60, 120, 120),
}
_ROLES = (Role.NEW_MEMBER, Role.MEMBER, Role.SUPER_USER, Role.AGENT, Role.MODERATOR)
DEFAULTS: dict[tuple[str, str], tuple[int, int]] = {
    (role, action): (limits[n], WINDOW_MINUTES) for action, limits in _TABLE.items() for n, role in enumerate(_ROLES)
}
RULES_KEY = "moderation:rate-limits"
RULES_SECONDS = 300
# The longest window anyone may set is kept this long; older counted writes are deleted daily.
KEEP_DAYS = 7


def role_of(user) -> str | None:
    """The role whose limits apply to this person; None for admins, who have none."""
    if user.is_superuser or user.has_role(AccountRole.ADMIN):
        return None
    for account_role, role in (
        (AccountRole.MODERATOR, Role.MODERATOR),
        (AccountRole.AGENT, Role.AGENT),
        (AccountRole.SUPER_USER, Role.SUPER_USER),
    ):
        if user.has_role(account_role):
            return role
    if timezone.now() - user.date_joined < timedelta(days=settings.NEW_MEMBER_DAYS):
        return Role.NEW_MEMBER
    return Role.MEMBER


def _rules() -> dict[tuple[str, str], tuple[int, int]]:
    rows = RateLimit.objects.values_list("role", "action", "limit", "minutes")
    return {(role, action): (limit, minutes) for role, action, limit, minutes in rows}


def limit_for(role: str, action: str) -> tuple[int, int]:
    """(how many, per how many minutes) for people of this role; 0 means no limit."""
    rules = cached(RULES_KEY, _rules, RULES_SECONDS)
    return rules.get((role, action)) or DEFAULTS[(role, action)]


def limits_changed() -> None:
    """An admin changed a limit: the next write reads the new numbers."""
    forget(RULES_KEY)


def _lock(user_id: int, action: str) -> None:
    key = hashlib.blake2b(f"rate:{user_id}:{action}".encode(), digest_size=8).digest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(key, "big", signed=True)])


def wait_message(action: str, wait: timedelta) -> str:
    """When the person may try again, in words: "You can post again in 12 minutes"."""
    minutes = max(1, ceil(wait.total_seconds() / 60))
    if minutes >= 90:
        hours = ceil(minutes / 60)
        if action == Action.VOTE:
            text = ngettext("You can vote again in %(n)d hour.", "You can vote again in %(n)d hours.", hours)
        elif action == Action.FLAG:
            text = ngettext("You can flag again in %(n)d hour.", "You can flag again in %(n)d hours.", hours)
        else:
            text = ngettext("You can post again in %(n)d hour.", "You can post again in %(n)d hours.", hours)
        return text % {"n": hours}
    if action == Action.VOTE:
        text = ngettext("You can vote again in %(n)d minute.", "You can vote again in %(n)d minutes.", minutes)
    elif action == Action.FLAG:
        text = ngettext("You can flag again in %(n)d minute.", "You can flag again in %(n)d minutes.", minutes)
    else:
        text = ngettext("You can post again in %(n)d minute.", "You can post again in %(n)d minutes.", minutes)
    return text % {"n": minutes}


def count_write(user, action: str) -> None:
    """The write check: refuse (with when to try again) once the person reached their limit, else count it."""
    if action not in Action.values:
        return  # edits, follows and staff actions have no limit
    role = role_of(user)
    if role is None:
        return
    limit, minutes = limit_for(role, action)
    if not limit:
        return
    with transaction.atomic():
        # Held until the write's transaction ends: parallel writes of one person are counted one by one.
        _lock(user.pk, action)
        now = timezone.now()
        recent = list(
            CountedWrite.objects.filter(user_id=user.pk, action=action, at__gt=now - timedelta(minutes=minutes))
            .order_by("-at")
            .values_list("at", flat=True)[:limit]
        )
        if len(recent) >= limit:
            # A place frees up when the oldest of the last `limit` writes leaves the window.
            wait = recent[-1] + timedelta(minutes=minutes) - now
            message = _("You have reached the limit for now.") + " " + wait_message(action, wait)
            raise ValidationError(message, code="rate_limited")
        CountedWrite.objects.create(user_id=user.pk, action=action, at=now)


def forget_old_writes() -> int:
    """Delete counted writes older than any window; returns how many."""
    longest = max([WINDOW_MINUTES, *RateLimit.objects.values_list("minutes", flat=True)])
    cutoff = timezone.now() - max(timedelta(minutes=longest), timedelta(days=KEEP_DAYS))
    deleted, _by_model = CountedWrite.objects.filter(at__lt=cutoff).delete()
    return deleted
