"""The dashboard's figures for a period and the one before it, read from the daily rollups only.

Three queries whatever the period: the rollup rows of both periods (and the day before, for the
knowledge base's view total), the return's settings and the response target.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from heapq import merge

from django.db.models import Q

from helpdesk.models import ResponsePolicy

from ..models import DailyRollup, InsightsSettings

DAYS_PER_MONTH = Decimal("30.44")
COUNTS = [
    "questions_asked",
    "first_answered",
    "first_answered_in_target",
    "solved",
    "solved_by_customer",
    "solved_by_super_user",
    "solved_by_staff",
    "answers",
    "answers_by_super_users",
    "ask_visits",
    "ask_suggestions_shown",
    "ask_clicked",
    "ask_left_without_posting",
    "ask_deflected",
    "instant_replies",
    "instant_solved",
    "instant_declined",
    "kb_votes",
    "kb_helpful_votes",
    "new_members",
    "flags_opened",
    "flags_handled",
]
SAMPLES = ["first_answer_minutes", "solution_minutes", "idea_planned_minutes", "flag_handling_minutes"]


def percentile(samples: list[int], share: float) -> int | None:
    """The nearest-rank percentile of sorted samples (None when there are none)."""
    if not samples:
        return None
    return samples[max(0, math.ceil(share * len(samples)) - 1)]


def ratio(part, whole) -> float | None:
    return part / whole if whole else None


@dataclass
class Period:
    start: date
    end: date
    counts: dict = field(default_factory=lambda: defaultdict(int))
    samples: dict = field(default_factory=lambda: defaultdict(list))
    members: set = field(default_factory=set)
    ideas_by_status: dict = field(default_factory=dict)
    flags_open: int = 0
    kb_views: int | None = None
    figures: dict = field(default_factory=dict)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _gather(period: Period, rows: list[DailyRollup], views_before: int | None) -> None:
    last_views = None
    for row in rows:  # ordered by day
        for name in COUNTS:
            period.counts[name] += getattr(row, name)
        for name in SAMPLES:
            period.samples[name] = list(merge(period.samples[name], getattr(row, name)))
        period.members.update(row.active_member_ids)
        if row.ideas_by_status or row.category_id is None:
            period.ideas_by_status = row.ideas_by_status
            period.flags_open = row.flags_open_at_end
        if row.kb_views_total is not None:
            last_views = row.kb_views_total
    if last_views is not None and views_before is not None:
        period.kb_views = max(0, last_views - views_before)


def _figures(period: Period, settings: InsightsSettings) -> dict:
    c, s = period.counts, period.samples
    customers = c["solved_by_customer"] + c["solved_by_super_user"]
    # Deflected: left the ask page with a suggestion instead of asking, or said an automatic reply solved it.
    deflected = c["ask_deflected"] + c["instant_solved"]
    saved = (deflected + customers) * settings.cost_per_contact
    cost = (settings.community_cost_per_month * period.days / DAYS_PER_MONTH).quantize(Decimal("0.01"))
    return {
        "questions_asked": c["questions_asked"],
        "first_answer_median": percentile(s["first_answer_minutes"], 0.5),
        "first_answer_p90": percentile(s["first_answer_minutes"], 0.9),
        "answered_in_target": ratio(c["first_answered_in_target"], c["first_answered"]),
        "solved": c["solved"],
        "solved_rate": ratio(c["solved"], c["questions_asked"]),
        "solution_median": percentile(s["solution_minutes"], 0.5),
        "accepted_by_customer": ratio(c["solved_by_customer"], c["solved"]),
        "accepted_by_super_user": ratio(c["solved_by_super_user"], c["solved"]),
        "accepted_by_staff": ratio(c["solved_by_staff"], c["solved"]),
        "suggestions_shown": c["ask_suggestions_shown"],
        "suggestions_clicked": c["ask_clicked"],
        "left_without_posting": c["ask_left_without_posting"],
        "deflected": deflected,
        "instant_replies": c["instant_replies"],
        "instant_solved_share": ratio(c["instant_solved"], c["instant_solved"] + c["instant_declined"]),
        "kb_views": period.kb_views,
        "kb_helpful_votes": c["kb_helpful_votes"],
        "kb_votes": c["kb_votes"],
        "active_members": len(period.members),
        "new_members": c["new_members"],
        "super_user_answer_share": ratio(c["answers_by_super_users"], c["answers"]),
        "ideas_by_status": period.ideas_by_status,
        "idea_planned_median": percentile(s["idea_planned_minutes"], 0.5),
        "flags_open": period.flags_open,
        "flags_opened": c["flags_opened"],
        "flag_handling_median": percentile(s["flag_handling_minutes"], 0.5),
        "return_saved": saved.quantize(Decimal("0.01")),
        "return_cost": cost,
        "return_contacts": deflected + customers,
    }


@dataclass
class Figures:
    current: Period
    previous: Period
    target_minutes: int
    daily: list  # (day, DailyRollup-like counts) of the current period, one per day, zero where no row


def figures(start: date, end: date, category=None) -> Figures:
    """Each figure for start..end (inclusive) and for the period of the same length just before it."""
    length = (end - start).days + 1
    previous = Period(start=start - timedelta(days=length), end=start - timedelta(days=1))
    current = Period(start=start, end=end)
    where = Q(category=category) if category is not None else Q(category__isnull=True)
    rows = list(
        DailyRollup.objects.filter(where, day__gte=previous.start - timedelta(days=1), day__lte=end).order_by("day")
    )
    before = [r for r in rows if r.day < previous.start]
    in_previous = [r for r in rows if previous.start <= r.day <= previous.end]
    in_current = [r for r in rows if r.day >= start]
    views_before = before[-1].kb_views_total if before else None
    _gather(previous, in_previous, views_before)
    previous_views = next((r.kb_views_total for r in reversed(in_previous) if r.kb_views_total is not None), None)
    _gather(current, in_current, previous_views)
    settings = InsightsSettings.current()
    current.figures = _figures(current, settings)
    previous.figures = _figures(previous, settings)
    by_day = {row.day: row for row in in_current}
    daily = [(start + timedelta(days=i), by_day.get(start + timedelta(days=i))) for i in range(length)]
    return Figures(
        current=current,
        previous=previous,
        target_minutes=ResponsePolicy.current().response_target_minutes,
        daily=daily,
    )


def chart_series(result: Figures, chart: str) -> tuple[list[str], list[tuple[str, list]]]:
    """A chart's labels and named series, for the canvas, its table and its CSV alike."""
    from django.utils.translation import gettext as _

    from ideas.models import Idea

    if chart == "questions":
        labels = [day.isoformat() for day, _row in result.daily]
        return labels, [
            (_("Questions asked"), [row.questions_asked if row else 0 for _day, row in result.daily]),
            (_("Solved"), [row.solved if row else 0 for _day, row in result.daily]),
        ]
    if chart == "first-answer":
        labels = [day.isoformat() for day, _row in result.daily]
        return labels, [
            (
                _("Median minutes to first answer"),
                [percentile(row.first_answer_minutes, 0.5) if row else None for _day, row in result.daily],
            ),
            (
                _("90th percentile, minutes"),
                [percentile(row.first_answer_minutes, 0.9) if row else None for _day, row in result.daily],
            ),
        ]
    if chart == "accepted-by":
        c = result.current.counts
        return [str(_("Customers")), str(_("Super users")), str(_("Staff"))], [
            (_("Accepted answers"), [c["solved_by_customer"], c["solved_by_super_user"], c["solved_by_staff"]])
        ]
    if chart == "ideas":
        statuses = Idea.Status.choices
        return [str(label) for _value, label in statuses], [
            (_("Ideas"), [result.current.ideas_by_status.get(value, 0) for value, _label in statuses])
        ]
    raise KeyError(chart)


CHARTS = ("questions", "first-answer", "accepted-by", "ideas")
AGENT_CHARTS = ("questions", "first-answer")
