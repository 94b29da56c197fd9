"""Daily rollups the figures are read from, and what an admin sets for the return.

One row per day and category (and one with no category: the whole community), recomputed whole by
`insights.services.rollups.roll_up_day`, so the dashboard reads a few rows and never scans posts.
Durations are kept as sorted lists of minutes: a median or 90th percentile over any period is then
computed exactly from the rows of its days.

Figures without a category in the data (new members, ideas, flags) are on the overall row
only; category rows leave them at zero.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _empty_list() -> list:
    return []


def _empty_dict() -> dict:
    return {}


class DailyRollup(models.Model):
    """What happened on one day in one category (or overall, when `category` is empty)."""

    day = models.DateField()
    category = models.ForeignKey("forum.Category", null=True, blank=True, on_delete=models.CASCADE, related_name="+")

    # Questions and their answers. Times are counted on the day the answer or solution came.
    questions_asked = models.PositiveIntegerField(default=0)
    first_answered = models.PositiveIntegerField(default=0)
    first_answered_in_target = models.PositiveIntegerField(default=0)
    first_answer_minutes = models.JSONField(default=_empty_list)  # sorted
    solved = models.PositiveIntegerField(default=0)
    solution_minutes = models.JSONField(default=_empty_list)  # sorted
    solved_by_customer = models.PositiveIntegerField(default=0)
    solved_by_super_user = models.PositiveIntegerField(default=0)
    solved_by_staff = models.PositiveIntegerField(default=0)
    answers = models.PositiveIntegerField(default=0)
    answers_by_super_users = models.PositiveIntegerField(default=0)

    # The ask page: visits that showed suggestions, opened one, ended without a question. A visit counts in the
    # category it posted in or opened a suggestion from; one that did neither only in the overall row.
    ask_visits = models.PositiveIntegerField(default=0)
    ask_suggestions_shown = models.PositiveIntegerField(default=0)
    ask_clicked = models.PositiveIntegerField(default=0)
    ask_left_without_posting = models.PositiveIntegerField(default=0)
    ask_deflected = models.PositiveIntegerField(default=0)  # opened a suggestion and asked nothing

    # Automatic first replies: posted, and the askers' "Yes" (solved by the knowledge base) and "No".
    instant_replies = models.PositiveIntegerField(default=0)
    instant_solved = models.PositiveIntegerField(default=0)
    instant_declined = models.PositiveIntegerField(default=0)

    # The knowledge base. Views are only counted in total, so the total is noted when the day is rolled up
    # close to its end; a period's views are the difference between two notes (empty for rebuilt history).
    kb_views_total = models.PositiveBigIntegerField(null=True, blank=True)
    kb_votes = models.PositiveIntegerField(default=0)
    kb_helpful_votes = models.PositiveIntegerField(default=0)

    # People: who posted that day (ids, so a period counts each person once) and who joined (overall only).
    active_member_ids = models.JSONField(default=_empty_list)
    new_members = models.PositiveIntegerField(default=0)

    # Ideas (overall only): how many stood at each status at the end of the day, and the way to "planned".
    ideas_by_status = models.JSONField(default=_empty_dict)
    idea_planned_minutes = models.JSONField(default=_empty_list)  # sorted, from posting to "planned"

    # Flags (overall only).
    flags_opened = models.PositiveIntegerField(default=0)
    flags_handled = models.PositiveIntegerField(default=0)
    flags_open_at_end = models.PositiveIntegerField(default=0)
    flag_handling_minutes = models.JSONField(default=_empty_list)  # sorted

    # Mood of the public posts written that day: a sum and a count, so any period's average is exact.
    mood_sum = models.FloatField(default=0)
    mood_count = models.PositiveIntegerField(default=0)

    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("daily figures")
        verbose_name_plural = _("daily figures")
        constraints = [
            models.UniqueConstraint(fields=["day", "category"], name="insights_one_rollup_per_day_and_category"),
            models.UniqueConstraint(
                fields=["day"], condition=Q(category__isnull=True), name="insights_one_overall_rollup_per_day"
            ),
        ]
        indexes = [models.Index(fields=["category", "day"], name="insights_rollup_category_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.category_id or 'overall'}"

    @staticmethod
    def bounds(day: date) -> tuple[datetime, datetime]:
        """The day's first moment and the next day's, in the community's time zone (the rows' days)."""
        zone = timezone.get_default_timezone()
        return (
            timezone.make_aware(datetime.combine(day, time.min), zone),
            timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min), zone),
        )

    @property
    def is_final(self) -> bool:
        """Rolled up after the day ended: nothing written later belongs to it."""
        return self.computed_at >= self.bounds(self.day)[1]


class InsightsSettings(models.Model):
    """What an admin sets for the return, on one row; until it is saved the defaults hold."""

    cost_per_contact = models.DecimalField(
        _("cost per contact (EUR)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("8.00"),
        help_text=_("What one question answered by the support team costs."),
    )
    community_cost_per_month = models.DecimalField(
        _("community cost per month (EUR)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0.00"),
        help_text=_("Licences, hosting and the hours staff spend on the community, per month."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("insights settings")
        verbose_name_plural = _("insights settings")

    def __str__(self) -> str:
        return str(_("Insights settings"))

    @classmethod
    def current(cls) -> "InsightsSettings":
        # Unsaved defaults when no row exists yet: reading a setting never writes.
        return cls.objects.order_by("pk").first() or cls()
