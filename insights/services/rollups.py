"""Roll one day of the community up into `DailyRollup` rows: per category, and overall.

Each figure is one aggregate query grouped by category, so a day costs the same few queries however
much happened. Rolling a day up again replaces its rows: the nightly run, the quarter-hourly run over
today and the backfill can all run any number of times.

Answers and solutions count on the day they came. Questions a helpdesk never saw (imported from Stack
Exchange, or older than the helpdesk) have no ResponseRecord; for them the first answer is the earliest
answer still in place and the solution is the accepted answer, with the answerer's present role deciding
whether a customer, a super user or staff gave it.
"""

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.contrib.auth.models import Group
from django.contrib.postgres.aggregates import ArrayAgg
from django.db import transaction
from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Extract
from django.utils import timezone

from community.accounts.models import Role, User
from forum.models import Answer, Article, ArticleFeedback, AskSession, InstantAnswer, InstantVerdict, Question, Reply
from helpdesk.models import ResponsePolicy, ResponseRecord
from ideas.models import Idea, StatusChange
from moderation.models import Flag

from ..models import DailyRollup
from . import mood

STAFF_ROLES = (Role.AGENT.value, Role.MODERATOR.value, Role.ADMIN.value)
# The knowledge base counts views only in total: a total noted this long after a day began is that day's.
VIEWS_NOTED_WITHIN = timedelta(days=2)


def _minutes(later: str, earlier: str):
    span = ExpressionWrapper(F(later) - F(earlier), output_field=DurationField())
    return Cast(Extract(span, "epoch") / 60, IntegerField())


def _in_group(user_field: str, names) -> Exists:
    return Exists(Group.objects.filter(user=OuterRef(user_field), name__in=names))


def _kind_counts(user_field: str) -> dict:
    """Counts of rows by who answered: staff, else a super user, else a customer (as helpdesk decides)."""
    staff = _in_group(user_field, STAFF_ROLES)
    super_user = _in_group(user_field, [Role.SUPER_USER.value])
    return {
        "by_staff": Count("pk", filter=Q(staff)),
        "by_super_user": Count("pk", filter=Q(super_user) & ~Q(staff)),
        "by_customer": Count("pk", filter=~Q(super_user) & ~Q(staff)),
    }


class _Day:
    def __init__(self) -> None:
        self.values: dict = defaultdict(int)
        self.samples: dict = defaultdict(list)
        self.ids: set = set()

    def add(self, **counts) -> None:
        for name, value in counts.items():
            self.values[name] += value or 0


@transaction.atomic
def roll_up_day(day: date) -> int:
    """Compute one day's rows for every category with activity and overall, replacing any before."""
    start, end = DailyRollup.bounds(day)
    within = Q(created_at__gte=start, created_at__lt=end)
    target = ResponsePolicy.current().response_target_minutes
    days: dict = defaultdict(_Day)  # category id -> figures; None is the whole community

    for row in (
        Question.objects.filter(within, deleted_at__isnull=True).values(cat=F("category_id")).annotate(n=Count("pk"))
    ):
        days[row["cat"]].add(questions_asked=row["n"])

    # First answers: from the helpdesk's record where there is one, from the answers themselves otherwise.
    minutes = _minutes("first_response_at", "asked_at")
    for row in (
        ResponseRecord.objects.filter(first_response_at__gte=start, first_response_at__lt=end)
        .annotate(minutes=minutes)
        .values(cat=F("question__category_id"))
        .annotate(
            n=Count("pk"),
            in_target=Count("pk", filter=Q(minutes__lte=target)),
            samples=ArrayAgg("minutes"),
        )
    ):
        figures = days[row["cat"]]
        figures.add(first_answered=row["n"], first_answered_in_target=row["in_target"])
        figures.samples["first_answer_minutes"] += row["samples"]
    earlier = Answer.objects.filter(
        question_id=OuterRef("question_id"), deleted_at__isnull=True, created_at__lt=OuterRef("created_at")
    )
    for row in (
        Answer.objects.filter(within, deleted_at__isnull=True, question__response_record__isnull=True)
        .exclude(Exists(earlier))
        .annotate(minutes=_minutes("created_at", "question__created_at"))
        .values(cat=F("question__category_id"))
        .annotate(
            n=Count("pk"),
            in_target=Count("pk", filter=Q(minutes__lte=target)),
            samples=ArrayAgg("minutes"),
        )
    ):
        figures = days[row["cat"]]
        figures.add(first_answered=row["n"], first_answered_in_target=row["in_target"])
        figures.samples["first_answer_minutes"] += row["samples"]

    # Solutions, and who gave them.
    for row in (
        ResponseRecord.objects.filter(solved_at__gte=start, solved_at__lt=end)
        .values(cat=F("question__category_id"))
        .annotate(
            n=Count("pk"),
            by_customer=Count("pk", filter=Q(solved_by=ResponseRecord.By.CUSTOMER)),
            by_super_user=Count("pk", filter=Q(solved_by=ResponseRecord.By.SUPER_USER)),
            by_staff=Count("pk", filter=Q(solved_by=ResponseRecord.By.STAFF)),
            samples=ArrayAgg(_minutes("solved_at", "asked_at")),
        )
    ):
        _add_solved(days[row["cat"]], row)
    for row in (
        Answer.objects.filter(
            is_accepted=True, accepted_at__gte=start, accepted_at__lt=end, question__response_record__isnull=True
        )
        .values(cat=F("question__category_id"))
        .annotate(
            n=Count("pk"),
            samples=ArrayAgg(_minutes("accepted_at", "question__created_at")),
            **_kind_counts("author_id"),
        )
    ):
        _add_solved(days[row["cat"]], row)

    kinds = _kind_counts("author_id")
    for row in (
        Answer.objects.filter(within, deleted_at__isnull=True)
        .values(cat=F("question__category_id"))
        .annotate(n=Count("pk"), by_super_user=kinds["by_super_user"])
    ):
        days[row["cat"]].add(answers=row["n"], answers_by_super_users=row["by_super_user"])

    # Who posted: each person once per day and category, and once overall.
    for model, category in (
        (Question, "category_id"),
        (Answer, "question__category_id"),
        (Reply, "question__category_id"),
    ):
        for row in (
            model.objects.filter(within, deleted_at__isnull=True)
            .values(cat=F(category))
            .annotate(ids=ArrayAgg("author_id", distinct=True))
        ):
            days[row["cat"]].ids.update(row["ids"])

    for row in (
        ArticleFeedback.objects.filter(within)
        .values(cat=F("article__category_id"))
        .annotate(n=Count("pk"), helpful=Count("pk", filter=Q(helpful=True)))
    ):
        days[row["cat"]].add(kb_votes=row["n"], kb_helpful_votes=row["helpful"])
    views_noted = timezone.now() - start <= VIEWS_NOTED_WITHIN
    if views_noted:
        for row in Article.objects.values(cat=F("category_id")).annotate(views=Sum("view_count")):
            days[row["cat"]].add(kb_views_total=row["views"])

    # The ask page: a visit belongs to the category it posted in, else to that of the suggestion it opened;
    # a visit that did neither counts in the whole community only.
    for row in (
        AskSession.objects.filter(started_at__gte=start, started_at__lt=end)
        .values(cat=Coalesce("question__category_id", "clicked__category_id"))
        .annotate(
            n_visits=Count("pk"),
            n_shown=Count("pk", filter=Q(shown__gt=0)),
            n_clicked=Count("pk", filter=Q(clicked_at__isnull=False)),
            n_left=Count("pk", filter=Q(shown__gt=0, question__isnull=True)),
            n_deflected=Count("pk", filter=Q(clicked_at__isnull=False, question__isnull=True)),
        )
    ):
        days[row["cat"]].add(
            ask_visits=row["n_visits"],
            ask_suggestions_shown=row["n_shown"],
            ask_clicked=row["n_clicked"],
            ask_left_without_posting=row["n_left"],
            ask_deflected=row["n_deflected"],
        )

    # Automatic first replies, on the day they were posted and on the day the asker answered them.
    for row in (
        InstantAnswer.objects.filter(created_at__gte=start, created_at__lt=end)
        .values(cat=F("question__category_id"))
        .annotate(n=Count("pk"))
    ):
        days[row["cat"]].add(instant_replies=row["n"])
    for row in (
        InstantVerdict.objects.filter(created_at__gte=start, created_at__lt=end)
        .values(cat=F("question__category_id"))
        .annotate(n_yes=Count("pk", filter=Q(helpful=True)), n_no=Count("pk", filter=Q(helpful=False)))
    ):
        days[row["cat"]].add(instant_solved=row["n_yes"], instant_declined=row["n_no"])

    for category_id, (total, count) in mood.roll_up_day(start, end).items():
        days[category_id].add(mood_sum=total, mood_count=count)

    overall = _overall(days.values())
    _community_wide(overall, start=start, end=end, within=within)
    rows = [
        _row(day, category_id, figures, views_noted=views_noted)
        for category_id, figures in days.items()
        if category_id is not None
    ]
    rows.append(_row(day, None, overall, views_noted=views_noted))

    DailyRollup.objects.filter(day=day).delete()
    DailyRollup.objects.bulk_create(rows)
    return len(rows)


def _add_solved(figures: _Day, row: dict) -> None:
    figures.add(
        solved=row["n"],
        solved_by_customer=row["by_customer"],
        solved_by_super_user=row["by_super_user"],
        solved_by_staff=row["by_staff"],
    )
    figures.samples["solution_minutes"] += row["samples"]


def _overall(categories) -> _Day:
    overall = _Day()
    for figures in categories:
        overall.add(**figures.values)
        for name, samples in figures.samples.items():
            overall.samples[name] += samples
        overall.ids |= figures.ids
    return overall


def _community_wide(overall: _Day, *, start: datetime, end: datetime, within: Q) -> None:
    """What has no category: new members, ideas and flags."""
    overall.add(
        new_members=User.objects.filter(date_joined__gte=start, date_joined__lt=end).count(),
    )

    # An idea's status at the day's end is the last change made by then ("new" before any change).
    status_then = Subquery(
        StatusChange.objects.filter(idea_id=OuterRef("pk"), created_at__lt=end)
        .order_by("-created_at", "-id")
        .values("new_status")[:1]
    )
    overall.values["ideas_by_status"] = {
        row["then"]: row["n"]
        for row in Idea.objects.filter(created_at__lt=end, deleted_at__isnull=True)
        .annotate(then=Coalesce(status_then, Value(Idea.Status.NEW)))
        .values("then")
        .annotate(n=Count("pk"))
    }
    overall.samples["idea_planned_minutes"] = (
        StatusChange.objects.filter(within, new_status=Idea.Status.PLANNED)
        .exclude(old_status=Idea.Status.PLANNED)
        .aggregate(samples=ArrayAgg(_minutes("created_at", "idea__created_at")))["samples"]
        or []
    )

    handled = Q(handled_at__gte=start, handled_at__lt=end)
    flags = Flag.objects.aggregate(
        opened=Count("pk", filter=within),
        handled=Count("pk", filter=handled),
        open_at_end=Count("pk", filter=Q(created_at__lt=end) & (Q(handled_at__isnull=True) | Q(handled_at__gte=end))),
        samples=ArrayAgg(_minutes("handled_at", "created_at"), filter=handled),
    )
    overall.add(flags_opened=flags["opened"], flags_handled=flags["handled"], flags_open_at_end=flags["open_at_end"])
    overall.samples["flag_handling_minutes"] = flags["samples"] or []


def _row(day: date, category_id, figures: _Day, *, views_noted: bool) -> DailyRollup:
    values = dict(figures.values)
    values["kb_views_total"] = values.get("kb_views_total", 0) if views_noted else None
    samples = {name: sorted(max(0, m) for m in items if m is not None) for name, items in figures.samples.items()}
    return DailyRollup(day=day, category_id=category_id, active_member_ids=sorted(figures.ids), **values, **samples)


def roll_up_days(first: date, last: date):
    """Roll up every day from `first` to `last`, yielding each day when it is done (for a progress bar)."""
    day = first
    while day <= last:
        roll_up_day(day)
        yield day
        day += timedelta(days=1)
