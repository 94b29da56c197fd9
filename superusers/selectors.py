"""Reads for reputation pages: leaderboards, profiles, badges, candidates, voting patterns."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from community.accounts.models import Role, User

from .badges import BADGES, holders_count
from .models import BadgeAward, Candidate, PointRule, ReputationEntry, Standing

PERIODS = {"week": 7, "month": 30, "all": None}
BOARD = 50


@dataclass
class Row:
    user: User
    points: int
    rank_name: str
    super_user: bool


def _people(user_ids) -> dict[int, User]:
    return {
        u.pk: u
        for u in User.objects.filter(pk__in=list(user_ids)).select_related("standing__rank").prefetch_related("groups")
    }


def leaderboard(*, period: str = "week", category=None) -> list[Row]:
    """Reputation gained in the period (in a category, if given), best first: three queries whatever the data."""
    days = PERIODS.get(period, 7)
    if days is None and category is None:
        top = list(
            Standing.objects.filter(reputation__gt=0)
            .order_by("-reputation")
            .values_list("user_id", "reputation")[:BOARD]
        )
    else:
        entries = ReputationEntry.objects.all()
        if days is not None:
            entries = entries.filter(created_at__gte=timezone.now() - timedelta(days=days))
        if category is not None:
            entries = entries.filter(category=category)
        top = list(
            entries.values("user")
            .annotate(points=Sum("points"))
            .filter(points__gt=0)
            .order_by("-points", "user")
            .values_list("user", "points")[:BOARD]
        )
    people = _people(user_id for user_id, _ in top)
    return [
        Row(
            people[user_id],
            points,
            _rank_name(people[user_id]),
            Role.SUPER_USER.value in {g.name for g in people[user_id].groups.all()},
        )
        for user_id, points in top
        if user_id in people
    ]


def _rank_name(user: User) -> str:
    standing = getattr(user, "standing", None)
    return standing.rank.name if standing is not None and standing.rank is not None else ""


def author_marks(user_ids) -> dict[int, dict]:
    """Rank and marks beside authors' names (forum.panels asks for them): one query."""
    from django.contrib.postgres.aggregates import ArrayAgg
    from django.utils.translation import get_language

    german = (get_language() or "en")[:2] == "de"
    rows = (
        User.objects.filter(pk__in=list(user_ids))
        .annotate(roles=ArrayAgg("groups__name", distinct=True))
        .values_list("pk", "standing__rank__name_en", "standing__rank__name_de", "roles")
    )
    marks: dict[int, dict] = {}
    for user_id, rank_en, rank_de, roles in rows:
        found = {}
        if rank_en:
            found["rank"] = (rank_de if german else rank_en) or rank_en
        if Role.SUPER_USER.value in roles:
            found["super_user"] = True
        if {Role.AGENT.value, Role.MODERATOR.value, Role.ADMIN.value} & set(roles):
            found["staff"] = True
        if found:
            marks[user_id] = found
    return marks


@dataclass
class Profile:
    reputation: int
    rank_name: str
    next_rank: str
    to_next: int
    answers: int
    accepted: int
    questions: int
    badges: list
    series: list[tuple[str, int]]  # the days with a change, for the table
    chart: list[tuple[str, int]]  # the same from the day before the first change: a line even for one day


def profile(person: User) -> Profile:
    """What a profile shows about a person's reputation (a fixed number of queries)."""
    from forum.models import Answer, Question

    from .models import Rank

    standing = Standing.objects.filter(user=person).select_related("rank").first()
    reputation = standing.reputation if standing else 0
    following = Rank.objects.filter(threshold__gt=max(reputation, 0)).order_by("threshold").first()
    answers = Answer.objects.filter(author=person, deleted_at__isnull=True).aggregate(
        total=Count("pk"), accepted=Count("pk", filter=Q(is_accepted=True))
    )
    awards = list(BadgeAward.objects.filter(user=person).order_by("-awarded_at"))
    held: dict[str, int] = {}
    for award in awards:
        held[award.badge] = held.get(award.badge, 0) + 1
    badges = [(BADGES[code], count) for code, count in held.items() if code in BADGES]
    series, before = reputation_series(person)
    start = [((date.fromisoformat(series[0][0]) - timedelta(days=1)).isoformat(), before)] if series else []
    return Profile(
        reputation=reputation,
        rank_name=standing.rank.name if standing and standing.rank else "",
        next_rank=following.name if following else "",
        to_next=(following.threshold - reputation) if following else 0,
        answers=answers["total"],
        accepted=answers["accepted"],
        questions=Question.objects.filter(author=person, deleted_at__isnull=True).count(),
        badges=badges,
        series=series,
        chart=[*start, *series],
    )


def reputation_series(person: User, days: int = 365) -> tuple[list[tuple[str, int]], int]:
    """Reputation at the end of each day with a change over the last year, and the total before it (two queries)."""
    since = timezone.now() - timedelta(days=days)
    before = ReputationEntry.objects.filter(user=person, created_at__lt=since).aggregate(t=Sum("points"))["t"] or 0
    daily = (
        ReputationEntry.objects.filter(user=person, created_at__gte=since)
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(points=Sum("points"))
        .order_by("day")
    )
    series, total = [], before
    for row in daily:
        total += row["points"]
        series.append((row["day"].isoformat(), total))
    return series, before


def badge_overview() -> list[tuple]:
    counts = holders_count()
    order = {"gold": 0, "silver": 1, "bronze": 2}
    return sorted(
        ((b, counts.get(b.code, 0)) for b in BADGES.values()), key=lambda x: (order[x[0].tier], str(x[0].name))
    )


def badge_holders(code: str, limit: int = 100) -> list[tuple[User, int]]:
    rows = (
        BadgeAward.objects.filter(badge=code)
        .values("user")
        .annotate(times=Count("pk"))
        .order_by("-times", "user")[:limit]
    )
    people = _people(row["user"] for row in rows)
    return [(people[row["user"]], row["times"]) for row in rows if row["user"] in people]


def _waiting():
    """Candidates still waiting for a decision: whoever holds a role now (promoted since the last ranking,
    made staff) or left is no longer one."""
    from .services.program import NOT_CANDIDATES

    return Candidate.objects.filter(user__is_active=True).exclude(
        user__groups__name__in=[role.value for role in NOT_CANDIDATES]
    )


def candidates() -> list[Candidate]:
    """The candidate list, best first (one query)."""
    return list(_waiting().select_related("user", "user__standing__rank").order_by("-score")[:100])


def waiting_candidates() -> int:
    """How many candidates wait for a moderator's decision (the staff menu's count)."""
    return _waiting().count()


def super_users() -> list[User]:
    return list(
        User.objects.filter(groups__name=Role.SUPER_USER).select_related("standing__rank").order_by("display_name")
    )


def voting_pairs(days: int = 30, minimum: int = 5) -> list[dict]:
    """Pairs of people who voted each other up often lately: vote rings show here for moderators."""
    from forum.selectors import mutual_upvotes

    rows = mutual_upvotes(timezone.now() - timedelta(days=days), minimum)
    people = _people({r[0] for r in rows} | {r[1] for r in rows})
    capped = dict(
        ReputationEntry.objects.filter(
            user__in=list(people), capped=True, created_at__gte=timezone.now() - timedelta(days=days)
        )
        .values("user")
        .annotate(n=Count("pk"))
        .values_list("user", "n")
    )
    return [
        {
            "first": people.get(a),
            "second": people.get(b),
            "first_to_second": n1,
            "second_to_first": n2,
            "capped": capped.get(a, 0) + capped.get(b, 0),
        }
        for a, b, n1, n2 in rows
    ]


def flags_upheld_against(user_ids, since) -> dict[int, int]:
    """How many of their posts were hidden after an upheld flag since then, per author (one query): the ledger
    hears of each from moderation's event."""
    return dict(
        ReputationEntry.objects.filter(
            user_id__in=list(user_ids), reason=PointRule.Code.POST_FLAGGED, created_at__gte=since
        )
        .values("user")
        .annotate(n=Count("pk"))
        .values_list("user", "n")
    )


def reputations(user_ids) -> dict[int, int]:
    """Reputation totals of these people (one query); the foundation's `standing` asks it for moderation."""
    return dict(Standing.objects.filter(user_id__in=list(user_ids)).values_list("user_id", "reputation"))
