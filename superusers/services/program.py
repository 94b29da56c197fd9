"""The super-user program: measured candidates each night, promotions and demotions with an audit trail."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community import audit, events
from community.accounts import services as accounts
from community.accounts.models import Role, User
from forum import selectors as forum_selectors

from .. import selectors
from ..models import Candidate

WINDOW_DAYS = 90
SHORTLIST = 200
# Roles that make a person no candidate: they have the rights already, or more.
NOT_CANDIDATES = (Role.SUPER_USER, Role.MODERATOR, Role.ADMIN, Role.AGENT)


def _score(accepted: int, upvotes: int, median_minutes: float | None, active_days: int, flags: int) -> float:
    """Helpfulness in one number: accepted answers weigh most, then votes and steady presence; a quick
    first answer adds a little, every upheld flag takes a lot."""
    speed = 0.0 if median_minutes is None else 10.0 / (1.0 + median_minutes / 60.0)
    return accepted * 5.0 + upvotes * 1.0 + active_days * 0.5 + speed - flags * 10.0


@transaction.atomic
def rank_candidates() -> int:
    """Measure every member's helpfulness over the last 90 days of activity and keep the best as candidates.

    The 90 days end with the newest post, which is today in a living community; after importing an older
    community's history they are that history's last 90 days, so the list is not empty.
    """
    now = timezone.now()
    with connection.cursor() as cursor:
        # Two runs at once (the nightly one, a moderator's, an import's) would insert the same people.
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('superusers.rank_candidates'))")
    latest = forum_selectors.latest_post_at()
    until = min(latest, now) if latest is not None else now
    since = until - timedelta(days=WINDOW_DAYS)
    done = forum_selectors.helpfulness(since)
    members = set(
        User.objects.filter(pk__in=list(done), is_active=True)
        .exclude(groups__name__in=[role.value for role in NOT_CANDIDATES])
        .values_list("pk", flat=True)
    )
    flags = selectors.flags_upheld_against(members, since)
    measured = []
    for user_id in sorted(members):
        person = done[user_id]
        median = person.median_first_answer_minutes
        upheld = flags.get(user_id, 0)
        measured.append(
            Candidate(
                user_id=user_id,
                accepted_answers=person.accepted_answers,
                upvotes=person.upvotes,
                median_first_answer_minutes=median,
                active_days=person.active_days,
                flags_upheld=upheld,
                score=_score(person.accepted_answers, person.upvotes, median, person.active_days, upheld),
                computed_at=now,
            )
        )
    measured.sort(key=lambda c: c.score, reverse=True)
    Candidate.objects.all().delete()
    Candidate.objects.bulk_create([c for c in measured[:SHORTLIST] if c.score > 0])
    return len(measured)


def rank_candidates_now(*, by: User) -> int:
    """A moderator measures the candidates at once instead of waiting for the night."""
    if not by.has_perm("superusers.rank_candidates"):
        raise PermissionDenied(_("Only moderators rank the candidates."))
    return rank_candidates()


def _check(by: User) -> None:
    if not by.has_perm("superusers.promote"):
        raise PermissionDenied(_("Only moderators promote and demote super users."))


@transaction.atomic
def promote(*, user: User, by: User, note: str = "") -> User:
    """Make a member a super user: the mark, the privileges and the private category, from now on."""
    _check(by)
    if user.has_role(Role.SUPER_USER):
        raise ValidationError(_("%(name)s is a super user already.") % {"name": user.display_name}, code="already")
    if not user.is_active:
        raise ValidationError(_("Only active members can be promoted."), code="inactive")
    accounts.set_roles(user=user, roles={*_roles(user), Role.SUPER_USER}, by=None)
    Candidate.objects.filter(user=user).delete()  # decided: no longer waiting on the candidate list
    audit.record(actor=by, action="super_user_promoted", subject=user, note=note)
    events.publish(events.SuperUserPromoted(user_id=user.pk, by_user_id=by.pk, note=note[:500]))
    return user


@transaction.atomic
def demote(*, user: User, by: User, note: str = "") -> User:
    """Take the super-user role back; the privileges end with the next request."""
    _check(by)
    if not user.has_role(Role.SUPER_USER):
        raise ValidationError(_("%(name)s is not a super user.") % {"name": user.display_name}, code="not_super")
    accounts.set_roles(user=user, roles=_roles(user) - {Role.SUPER_USER}, by=None)
    audit.record(actor=by, action="super_user_demoted", subject=user, note=note)
    events.publish(events.SuperUserDemoted(user_id=user.pk, by_user_id=by.pk, note=note[:500]))
    return user


def _roles(user: User) -> set[Role]:
    user.__dict__.pop("role_names", None)
    user.__dict__.pop("_group_names_cache", None)
    return accounts.user_roles(user)
