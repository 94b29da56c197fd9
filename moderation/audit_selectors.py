"""Reads of the audit log for its pages: filtered, newest first, with who acted and on whom."""

from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from community.accounts.models import User
from community.models import AuditEntry


def audit_log(
    *, person: str = "", action: str = "", since: date | None = None, until: date | None = None
) -> QuerySet[AuditEntry]:
    """Entries newest first, narrowed to a person (who acted or whom it was about, by handle or name), an
    action and days in the reader's time zone (both ends included). A page of it costs one query."""
    entries = AuditEntry.objects.select_related("actor", "subject").order_by("-created_at", "-pk")
    term = person.strip().removeprefix("@").strip()
    if term:
        people = User.objects.filter(Q(handle__icontains=term) | Q(display_name__icontains=term)).values("pk")
        entries = entries.filter(Q(actor__in=people) | Q(subject__in=people))
    if action:
        entries = entries.filter(action=action)
    if since is not None:
        entries = entries.filter(created_at__gte=_start_of(since))
    if until is not None:
        entries = entries.filter(created_at__lt=_start_of(until + timedelta(days=1)))
    return entries


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def actions_in_log() -> list[str]:
    """The actions that occur in the log, for its filter (one query)."""
    return list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct())
