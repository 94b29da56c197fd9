"""Reads of the mood figures for the dashboard: a fixed number of queries however many posts there are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Avg, Count, Min
from django.db.models.functions import TruncDay, TruncWeek
from django.utils import timezone

from forum.models import Category, Question
from insights.models import PostMood

BUCKETS = {"day": TruncDay, "week": TruncWeek}


@dataclass(frozen=True)
class MoodPoint:
    date: date  # the day, or the Monday of the week
    category_id: int
    category: str  # its name
    average: float  # -1 … 1
    count: int


@dataclass(frozen=True)
class MoodThread:
    question: Question  # with its category
    average: float
    lowest: float
    count: int  # scored public posts in the period


def _moment(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return timezone.make_aware(datetime.combine(value, time.min))


def _category_id(category: Category | int | None) -> int | None:
    return category.pk if isinstance(category, Category) else category


def _public(category: Category | int | None):
    rows = PostMood.objects.filter(is_public=True)
    if category is not None:
        rows = rows.filter(category_id=_category_id(category))
    return rows


def mood_by_category_over_time(
    start: date | datetime, end: date | datetime, category: Category | int | None = None, bucket: str = "day"
) -> list[MoodPoint]:
    """Average mood of public posts written in [start, end) per category and day (or week), oldest first."""
    if bucket not in BUCKETS:
        raise ValueError(f"bucket is 'day' or 'week', not {bucket!r}")
    rows = (
        _public(category)
        .filter(posted_at__gte=_moment(start), posted_at__lt=_moment(end))
        .annotate(bucket=BUCKETS[bucket]("posted_at"))
        .values("bucket", "category_id")
        .annotate(average=Avg("score"), count=Count("id"))
        .order_by("bucket", "category_id")
    )
    rows = list(rows)
    # Names in a second query: they are translated per language, which a values() join would not do.
    names = {c.pk: c.name for c in Category.objects.filter(pk__in={row["category_id"] for row in rows})}
    points = [
        MoodPoint(
            date=timezone.localtime(row["bucket"]).date(),
            category_id=row["category_id"],
            category=names.get(row["category_id"], ""),
            average=round(row["average"], 4),
            count=row["count"],
        )
        for row in rows
    ]
    return sorted(points, key=lambda point: (point.date, point.category, point.category_id))


def most_negative_threads(
    since: date | datetime, limit: int = 10, category: Category | int | None = None
) -> list[MoodThread]:
    """The public threads whose posts since `since` were the most negative on average, the worst first."""
    # The thread itself must still be in public view: its rows may lag behind a move or a removal.
    public = Question.objects.filter(deleted_at__isnull=True, category__audience=Category.Audience.EVERYONE)
    rows = list(
        _public(category)
        .filter(posted_at__gte=_moment(since), question_id__in=public.values("pk"))
        .values("question_id")
        .annotate(average=Avg("score"), lowest=Min("score"), count=Count("id"))
        .filter(average__lt=0)
        .order_by("average", "lowest", "-question_id")[:limit]
    )
    questions = Question.objects.select_related("category").in_bulk([row["question_id"] for row in rows])
    return [
        MoodThread(
            question=questions[row["question_id"]],
            average=round(row["average"], 4),
            lowest=round(row["lowest"], 4),
            count=row["count"],
        )
        for row in rows
        if row["question_id"] in questions
    ]


def mood_chart(start: date, end: date, category: Category | int | None = None) -> tuple[list[str], list]:
    """Average mood per day from start to end (inclusive), a line per category: the dashboard's chart and CSV."""
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    by_category: dict[str, dict[date, float]] = {}
    for point in mood_by_category_over_time(start, end + timedelta(days=1), category):
        day = point.date.date() if isinstance(point.date, datetime) else point.date
        by_category.setdefault(point.category, {})[day] = round(point.average, 2)
    return [day.isoformat() for day in days], [
        (name, [values.get(day) for day in days]) for name, values in sorted(by_category.items())
    ]
