"""Reads of the mood figures for the dashboard: a fixed number of queries however many posts there are.

The chart reads days already rolled up for good (`DailyRollup.is_final`) from the rollups' sums and counts
per category and day, and only the days after them (today, and yesterday until the nightly run) from the
posts' rows, which for those few days are few. The most negative threads come from `ThreadMood`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Sum
from django.db.models.functions import TruncDay
from django.utils import timezone

from forum.models import Category, Question
from insights.models import DailyRollup, PostMood, ThreadMood

BUCKETS = ("day", "week")  # live rows are summed per day; weeks are made of days


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


def _in(rows, category: Category | int | None):
    return rows if category is None else rows.filter(category_id=_category_id(category))


@dataclass(frozen=True)
class _Split:
    """[start, end) as whole rolled-up days (first … last, or none) and the live moments after them."""

    first: date | None
    last: date | None
    live_from: datetime
    end: datetime


def _split(start: date | datetime, end: date | datetime) -> _Split:
    start, end = _moment(start), _moment(end)
    first = timezone.localdate(start, timezone.get_default_timezone())
    if DailyRollup.bounds(first)[0] < start:  # a day begun before the start is read live, not rolled
        first += timedelta(days=1)
    last_day = timezone.localdate(end, timezone.get_default_timezone())
    rolled = DailyRollup.objects.filter(category__isnull=True, day__gte=first, day__lte=last_day)
    final = [row.day for row in rolled.only("day", "computed_at") if row.is_final and row.bounds(row.day)[1] <= end]
    if not final:
        return _Split(None, None, start, end)
    last = max(final)
    return _Split(first, last, max(start, DailyRollup.bounds(last)[1]), end)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def mood_by_category_over_time(
    start: date | datetime, end: date | datetime, category: Category | int | None = None, bucket: str = "day"
) -> list[MoodPoint]:
    """Average mood of public posts written in [start, end) per category and day (or week), oldest first."""
    if bucket not in BUCKETS:
        raise ValueError(f"bucket is 'day' or 'week', not {bucket!r}")
    split = _split(start, end)
    sums: dict[tuple[date, int], list] = {}

    def add(day: date, category_id: int, total: float, count: int) -> None:
        key = (_monday(day) if bucket == "week" else day, category_id)
        entry = sums.setdefault(key, [0.0, 0])
        entry[0] += total
        entry[1] += count

    if split.last is not None:
        for row in (
            _in(DailyRollup.objects, category)
            .filter(category__isnull=False, day__gte=split.first, day__lte=split.last, mood_count__gt=0)
            .values("day", "category_id", "mood_sum", "mood_count")
        ):
            add(row["day"], row["category_id"], row["mood_sum"], row["mood_count"])
    if split.live_from < split.end:
        for row in (
            _in(PostMood.objects.filter(is_public=True), category)
            .filter(posted_at__gte=split.live_from, posted_at__lt=split.end)
            .annotate(bucket=TruncDay("posted_at"))
            .values("bucket", "category_id")
            .annotate(total=Sum("score"), count=Count("id"))
            .order_by()
        ):
            add(timezone.localtime(row["bucket"]).date(), row["category_id"], row["total"], row["count"])

    # Names in a query of their own: they are translated per language, which a values() join would not do.
    names = {c.pk: c.name for c in Category.objects.filter(pk__in={category_id for _, category_id in sums})}
    points = [
        MoodPoint(
            date=day,
            category_id=category_id,
            category=names.get(category_id, ""),
            average=round(total / count, 4),
            count=count,
        )
        for (day, category_id), (total, count) in sums.items()
        if category_id in names
    ]
    return sorted(points, key=lambda point: (point.date, point.category, point.category_id))


def most_negative_threads(
    since: date | datetime, limit: int = 10, category: Category | int | None = None
) -> list[MoodThread]:
    """The public threads with posts since `since` whose posts are the most negative on average, worst first.

    The average is over all the thread's public posts (`ThreadMood`, kept by every scoring), read along an
    index on it: the worst threads come first, however many there are.
    """
    rows = list(
        _in(ThreadMood.objects, category)
        .filter(last_posted_at__gte=_moment(since), average__lt=0)
        .order_by("average", "lowest", "-question_id")[: 3 * limit]
    )
    # The thread itself must still be in public view: its rows may lag behind a move or a removal.
    questions = (
        Question.objects.filter(deleted_at__isnull=True, category__audience=Category.Audience.EVERYONE)
        .select_related("category")
        .in_bulk([row.question_id for row in rows])
    )
    threads = [
        MoodThread(
            question=questions[row.question_id],
            average=round(row.average, 4),
            lowest=round(row.lowest, 4),
            count=row.count,
        )
        for row in rows
        if row.question_id in questions
    ]
    return threads[:limit]


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
