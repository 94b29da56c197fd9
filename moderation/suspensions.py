"""Suspending and silencing members: who may, what it stops, and what the member reads about it.

- Suspended: reads, signs out, manages their privacy settings (export, deletion); nothing else.
- Silenced: reads, edits their own posts, follows; cannot post, vote or flag.

Moderators and admins decide; nobody restricts an admin, and only admins restrict moderators. A
moderator lifts what they decided themselves; an admin lifts anything. A restriction ends by itself:
its end is compared with the clock on every read (`in_force`), so no job is needed for it to end
(`close_ended`, run daily, only tidies rows). What is in force for a person is cached per person and
forgotten by every write here.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from community import events, fragments
from community.accounts.models import Role, User
from community.accounts.permissions import restriction_message
from community.audit import record
from community.fragments import forget
from forum.kernel import check_can_write

from .models import Restriction

CACHE_SECONDS = 600
REASON_MAX = 1000
# What a silenced member may not do; a suspended member may do nothing that writes.
SILENCED_STOPS = frozenset({"question", "answer", "reply", "idea", "idea_comment", "vote", "flag"})
DURATIONS = {
    "1d": timedelta(days=1),
    "3d": timedelta(days=3),
    "1w": timedelta(weeks=1),
    "1m": timedelta(days=30),
}


def cache_key(user_id: int) -> str:
    return f"moderation:restriction:{user_id}"


@dataclass(frozen=True)
class InForce:
    """What is in force for a person, as kept in the cache and shown on every page."""

    restriction_id: int
    kind: str
    reason: str
    ends_at: datetime | None
    by_id: int | None

    @property
    def suspended(self) -> bool:
        return self.kind == Restriction.Kind.SUSPENDED

    def stops(self, action: str) -> bool:
        return self.suspended or action in SILENCED_STOPS

    def message(self) -> str:
        """The sentence the member reads on every page and when a write is refused (reason and end)."""
        return describe(self.kind, self.reason, self.ends_at)


def format_end(ends_at: datetime) -> str:
    """The end in the reader's language and time zone (the active ones)."""
    return formats.date_format(timezone.localtime(ends_at), "DATETIME_FORMAT")


def describe(kind: str, reason: str, ends_at: datetime | None) -> str:
    values = {"reason": reason, "end": format_end(ends_at) if ends_at else ""}
    if kind == Restriction.Kind.SUSPENDED:
        if ends_at:
            text = _(
                "Your account is suspended until %(end)s: you can read, sign out and manage your privacy "
                "settings, but not write, vote, flag or change anything else. The reason: %(reason)s"
            )
        else:
            text = _(
                "Your account is suspended: you can read, sign out and manage your privacy settings, but "
                "not write, vote, flag or change anything else. The reason: %(reason)s"
            )
    elif ends_at:
        text = _(
            "You are silenced until %(end)s: you can read and edit your posts, but not post, vote or flag. "
            "The reason: %(reason)s"
        )
    else:
        text = _(
            "You are silenced: you can read and edit your posts, but not post, vote or flag. The reason: %(reason)s"
        )
    return text % values


# Reading


_NOTHING = "none"  # kept in the cache for people with no restriction: most people, on every page


def keys_read(request) -> list[str]:
    """What every page of a signed-in person reads (the restriction banner and checks)."""
    user = getattr(request, "user", None)
    return [cache_key(user.pk)] if user is not None and user.is_authenticated else []


def in_force(user) -> InForce | None:
    """The restriction in force for this person now, or None (a cache read; one query when cold)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    key = cache_key(user.pk)
    current = fragments.get(key)
    if current is None:
        row = Restriction.objects.filter(user_id=user.pk, closed_at__isnull=True).first()
        current = (
            InForce(restriction_id=row.pk, kind=row.kind, reason=row.reason, ends_at=row.ends_at, by_id=row.by_id)
            if row is not None
            else _NOTHING
        )
        fragments.keep(key, current, CACHE_SECONDS)
    if current == _NOTHING or (current.ends_at is not None and current.ends_at <= timezone.now()):
        return None
    return current


def kind_in_force(user) -> str | None:
    """ "suspended", "silenced" or None: what the rules ask (community.accounts.permissions)."""
    current = in_force(user)
    return current.kind if current is not None else None


def message_in_force(user) -> str | None:
    current = in_force(user)
    return current.message() if current is not None else None


def open_restriction(person: User) -> Restriction | None:
    """The person's restriction in force, with who decided it (for the moderators' page)."""
    row = Restriction.objects.filter(user=person, closed_at__isnull=True).select_related("by").first()
    return row if row is not None and row.in_force() else None


def history(person: User, limit: int = 20) -> list[Restriction]:
    """The person's restrictions, newest first, with who decided and who lifted them (one query)."""
    return list(Restriction.objects.filter(user=person).select_related("by", "lifted_by")[:limit])


# The write check (forum.checks)


def refuse_restricted(user, action: str) -> None:
    """A suspended member writes nothing; a silenced one does not post, vote or flag."""
    current = in_force(user)
    if current is not None and current.stops(action):
        raise PermissionDenied(current.message())


# Who may


def is_admin(person: User) -> bool:
    return bool(person.is_superuser or person.has_role(Role.ADMIN))


def refusal_to_restrict(by: User, person: User) -> str | None:
    """Why `by` may not suspend or silence `person`, or None when they may."""
    if not by.has_perm("moderation.restrict_member"):
        return restriction_message(by) or _("Only moderators and admins can suspend or silence members.")
    if by.pk == person.pk:
        return _("You cannot suspend or silence yourself.")
    if is_admin(person):
        return _("Nobody can suspend or silence an admin.")
    if person.has_role(Role.MODERATOR) and not is_admin(by):
        return _("Only admins can suspend or silence moderators.")
    return None


def may_lift(by: User, restriction: Restriction) -> bool:
    """Admins lift anything; a moderator lifts what they decided themselves."""
    if not by.has_perm("moderation.restrict_member"):
        return False
    return is_admin(by) or restriction.by_id == by.pk


# Writing


def _clean(kind: str, reason: str, ends_at: datetime | None) -> tuple[str, str]:
    errors: dict[str, list[str]] = {}
    if kind not in Restriction.Kind.values:
        errors["kind"] = [_("Choose whether to suspend or to silence.")]
    reason = (reason or "").replace("\x00", "").strip()
    if not reason:
        errors["reason"] = [_("Please give a reason: the member reads it.")]
    elif len(reason) > REASON_MAX:
        errors["reason"] = [_("Please keep the reason under %(n)d characters.") % {"n": REASON_MAX}]
    if ends_at is not None and ends_at <= timezone.now():
        errors["until"] = [_("The end must be in the future.")]
    if errors:
        raise ValidationError(errors)
    return kind, reason


@transaction.atomic
def restrict_member(*, person: User, by: User, kind: str, reason: str, ends_at: datetime | None) -> Restriction:
    """Suspend or silence a member until `ends_at` (None: for good); replaces what was in force before."""
    refusal = refusal_to_restrict(by, person)
    if refusal:
        raise PermissionDenied(refusal)
    check_can_write(by, "moderate")  # a suspended moderator decides nothing
    kind, reason = _clean(kind, reason, ends_at)
    # The person's row lock serialises two moderators deciding at once: one after the other.
    User.objects.select_for_update().filter(pk=person.pk).first()
    now = timezone.now()
    previous = Restriction.objects.filter(user=person, closed_at__isnull=True).first()
    replaced = previous.pk if previous is not None and previous.in_force(now) else None
    if previous is not None:
        previous.closed_at = now
        previous.save(update_fields=["closed_at"])
    restriction = Restriction.objects.create(
        user=person, kind=kind, reason=reason, starts_at=now, ends_at=ends_at, by=by
    )
    forget(cache_key(person.pk))
    record(
        actor=by,
        action=f"member_{kind}",
        subject=person,
        note=reason,
        restriction=restriction.pk,
        until=ends_at.isoformat() if ends_at else None,
        replaced=replaced,
    )
    events.publish(
        events.MemberRestricted(
            user_id=person.pk,
            restriction_id=restriction.pk,
            kind=kind,
            reason=reason,
            ends_at=ends_at,
            by_user_id=by.pk,
        )
    )
    return restriction


@transaction.atomic
def lift_restriction(*, person: User, by: User, note: str = "") -> Restriction:
    """End a suspension or silencing before its time."""
    if not by.has_perm("moderation.restrict_member"):
        raise PermissionDenied(_("Only moderators and admins can suspend or silence members."))
    check_can_write(by, "moderate")
    restriction = Restriction.objects.select_for_update().filter(user=person, closed_at__isnull=True).first()
    if restriction is None or not restriction.in_force():
        raise ValidationError(_("%(name)s is neither suspended nor silenced.") % {"name": person.display_name})
    if not may_lift(by, restriction):
        raise PermissionDenied(_("Only an admin can lift what another moderator decided."))
    restriction.closed_at, restriction.lifted_by = timezone.now(), by
    restriction.lift_note = (note or "").replace("\x00", "").strip()[:500]
    restriction.save(update_fields=["closed_at", "lifted_by", "lift_note"])
    forget(cache_key(person.pk))
    record(
        actor=by,
        action="restriction_lifted",
        subject=person,
        note=restriction.lift_note,
        restriction=restriction.pk,
        kind=restriction.kind,
    )
    events.publish(
        events.RestrictionLifted(
            user_id=person.pk, restriction_id=restriction.pk, kind=restriction.kind, by_user_id=by.pk
        )
    )
    return restriction


def close_ended() -> int:
    """Close the rows whose end has passed (they are no longer in force anyway); returns how many."""
    now = timezone.now()
    ended = list(
        Restriction.objects.filter(closed_at__isnull=True, ends_at__lte=now).values_list("pk", "user_id", "ends_at")
    )
    for pk, user_id, ends_at in ended:
        Restriction.objects.filter(pk=pk, closed_at__isnull=True).update(closed_at=ends_at)
        forget(cache_key(user_id))
    return len(ended)
