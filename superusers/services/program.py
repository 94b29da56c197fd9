"""The super-user program: measured candidates each night, promotions and demotions with an audit trail."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community import events
from community.accounts import services as accounts
from community.accounts.models import Role, User
from moderation import services as moderation

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


_METRICS = """
WITH members AS (
    SELECT u.id FROM accounts_user u
    WHERE u.is_active AND NOT EXISTS (
        SELECT 1 FROM accounts_user_groups ug JOIN auth_group g ON g.id = ug.group_id
        WHERE ug.user_id = u.id AND g.name = ANY(%(roles)s))
),
accepted AS (
    SELECT a.author_id AS id, count(*) AS n FROM forum_answer a JOIN forum_question q ON q.id = a.question_id
    WHERE a.is_accepted AND a.accepted_at >= %(since)s AND q.author_id <> a.author_id GROUP BY a.author_id
),
upvotes AS (
    SELECT id, sum(n)::bigint AS n FROM (
        SELECT coalesce(a.author_id, q.author_id) AS id, count(*) AS n
        FROM forum_vote v LEFT JOIN forum_answer a ON a.id = v.answer_id
        LEFT JOIN forum_question q ON q.id = v.question_id
        WHERE v.value = 1 AND v.created_at >= %(since)s GROUP BY 1
        -- An imported post's votes came without voters: its score stands for them.
        UNION ALL SELECT author_id, sum(imported_score) FROM forum_answer
        WHERE imported_score > 0 AND deleted_at IS NULL AND created_at >= %(since)s GROUP BY 1
        UNION ALL SELECT author_id, sum(imported_score) FROM forum_question
        WHERE imported_score > 0 AND deleted_at IS NULL AND created_at >= %(since)s GROUP BY 1
    ) x GROUP BY id
),
firsts AS (
    SELECT DISTINCT ON (a.question_id) a.question_id, a.author_id,
           extract(epoch FROM a.created_at - q.created_at) / 60 AS minutes
    FROM forum_answer a JOIN forum_question q ON q.id = a.question_id
    WHERE a.deleted_at IS NULL AND q.created_at >= %(since)s
    ORDER BY a.question_id, a.created_at
),
speed AS (
    SELECT author_id AS id, percentile_cont(0.5) WITHIN GROUP (ORDER BY minutes) AS median FROM firsts GROUP BY 1
),
activity AS (
    SELECT id, count(DISTINCT day) AS days FROM (
        SELECT author_id AS id, created_at::date AS day FROM forum_question WHERE created_at >= %(since)s
        UNION ALL SELECT author_id, created_at::date FROM forum_answer WHERE created_at >= %(since)s
        UNION ALL SELECT author_id, created_at::date FROM forum_reply WHERE created_at >= %(since)s
    ) x GROUP BY id
),
flags AS (
    SELECT author_id AS id, count(*) AS n FROM moderation_flag
    WHERE status = 'upheld' AND handled_at >= %(since)s GROUP BY author_id
)
SELECT m.id, coalesce(ac.n, 0), coalesce(up.n, 0), sp.median, coalesce(act.days, 0), coalesce(fl.n, 0)
FROM members m
LEFT JOIN accepted ac ON ac.id = m.id LEFT JOIN upvotes up ON up.id = m.id LEFT JOIN speed sp ON sp.id = m.id
LEFT JOIN activity act ON act.id = m.id LEFT JOIN flags fl ON fl.id = m.id
WHERE coalesce(ac.n, 0) + coalesce(up.n, 0) + coalesce(act.days, 0) > 0
"""


_LATEST = """
SELECT greatest((SELECT max(created_at) FROM forum_question), (SELECT max(created_at) FROM forum_answer))
"""


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
        cursor.execute(_LATEST)
        latest = cursor.fetchone()[0]
        until = min(latest, now) if latest is not None else now
        roles = [role.value for role in NOT_CANDIDATES]
        cursor.execute(_METRICS, {"since": until - timedelta(days=WINDOW_DAYS), "roles": roles})
        rows = cursor.fetchall()
    measured = [
        Candidate(
            user_id=user_id,
            accepted_answers=accepted,
            upvotes=upvotes,
            median_first_answer_minutes=float(median) if median is not None else None,
            active_days=days,
            flags_upheld=flags,
            score=_score(accepted, upvotes, median, days, flags),
            computed_at=now,
        )
        for user_id, accepted, upvotes, median, days, flags in rows
    ]
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
    moderation.record(actor=by, action="super_user_promoted", subject=user, note=note)
    events.publish(events.SuperUserPromoted(user_id=user.pk, by_user_id=by.pk, note=note[:500]))
    return user


@transaction.atomic
def demote(*, user: User, by: User, note: str = "") -> User:
    """Take the super-user role back; the privileges end with the next request."""
    _check(by)
    if not user.has_role(Role.SUPER_USER):
        raise ValidationError(_("%(name)s is not a super user.") % {"name": user.display_name}, code="not_super")
    accounts.set_roles(user=user, roles=_roles(user) - {Role.SUPER_USER}, by=None)
    moderation.record(actor=by, action="super_user_demoted", subject=user, note=note)
    events.publish(events.SuperUserDemoted(user_id=user.pk, by_user_id=by.pk, note=note[:500]))
    return user


def _roles(user: User) -> set[Role]:
    user.__dict__.pop("role_names", None)
    user.__dict__.pop("_group_names_cache", None)
    return accounts.user_roles(user)
