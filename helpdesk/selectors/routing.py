"""Reads the helpdesk's pages and figures need, each a fixed number of queries however many rows there are."""

from datetime import datetime, timedelta

from django.db.models import Aggregate, Count, DurationField, F, QuerySet

from forum.models import Category

from ..models import Offer, QueueItem, ResponseRecord


class Median(Aggregate):
    """PostgreSQL's median (the 50th percentile, interpolated) of an interval: computed where the rows are."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def queue_items(*, category_id: int | None = None) -> QuerySet[QueueItem]:
    """The open entries of the agent queue with their threads, longest waiting first (one query a page)."""
    items = (
        QueueItem.objects.filter(resolved_at__isnull=True, question__deleted_at__isnull=True)
        .select_related("question__category", "ticket__helpdesk")
        .defer("question__body", "question__body_html", "question__excerpt")
        .order_by("waiting_since", "pk")
    )
    if category_id is not None:
        items = items.filter(question__category_id=category_id)
    return items


def queue_categories() -> list[Category]:
    """The categories the queue can be filtered by: those with something waiting (one query)."""
    waiting = QueueItem.objects.filter(resolved_at__isnull=True, question__deleted_at__isnull=True)
    return list(Category.objects.filter(pk__in=waiting.values("question__category_id")).only("id", "name"))


def open_item_count(user=None) -> int:
    """How many entries wait in the agent queue (the staff menu's count; one query)."""
    return QueueItem.objects.filter(resolved_at__isnull=True, question__deleted_at__isnull=True).count()


def open_still_broken(question_id: int) -> QueueItem | None:
    """The asker's open "still broken" entry on this thread, if the team has not dealt with it yet."""
    return QueueItem.objects.filter(
        question_id=question_id, reason=QueueItem.Reason.STILL_BROKEN, resolved_at__isnull=True
    ).first()


def response_summary(since: datetime, until: datetime, *, category=None) -> dict:
    """How questions asked in [since, until) were served: how many, who answered first and who solved them
    (customers, super users, staff), and the median time to the first response (None when none was
    answered). Two queries."""
    records = ResponseRecord.objects.filter(asked_at__gte=since, asked_at__lt=until)
    if category is not None:
        records = records.filter(question__category=category)
    first = dict.fromkeys(ResponseRecord.By.values, 0)
    solved = dict.fromkeys(ResponseRecord.By.values, 0)
    asked = unanswered = unsolved = 0
    for first_by, solved_by, count in (
        records.values_list("first_response_by", "solved_by").annotate(count=Count("pk")).order_by()
    ):
        asked += count
        if first_by:
            first[first_by] += count
        else:
            unanswered += count
        if solved_by:
            solved[solved_by] += count
        else:
            unsolved += count
    middle = records.filter(first_response_at__isnull=False).aggregate(
        median=Median(F("first_response_at") - F("asked_at"))
    )["median"]
    return {
        "asked": asked,
        "first_response_by": first,
        "unanswered": unanswered,
        "solved_by": solved,
        "unsolved": unsolved,
        "median_first_response": middle,
    }


def waited(since: datetime, now: datetime) -> timedelta:
    return max(now - since, timedelta(0))


def _open_offers(user):
    """Offers to this person of questions that are public and still wait for their first answer."""
    return Offer.objects.filter(
        user=user,
        question__deleted_at__isnull=True,
        question__closed_at__isnull=True,
        question__is_locked=False,
        question__response_record__first_response_at__isnull=True,
    )


def offers_for(user, *, limit: int = 50) -> list[Offer]:
    """The questions offered to this super user that nobody has answered yet, newest offer first (one query)."""
    return list(
        _open_offers(user)
        .select_related("question__category", "question__response_record")
        .defer("question__body", "question__body_html")
        .order_by("-offered_at", "-pk")[:limit]
    )


def open_offer_count(user) -> int:
    """How many questions offered to this person still wait for an answer (the staff menu's count)."""
    return _open_offers(user).count()
