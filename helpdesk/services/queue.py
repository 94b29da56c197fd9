"""The agent queue: threads enter it for a reason and leave it when that reason is dealt with."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from community import events
from community.accounts.models import User

from ..models import QueueItem, Ticket


def enter_queue(
    *, question_id: int, reason: str, waiting_since: datetime, note: str = "", ticket: Ticket | None = None
) -> QueueItem | None:
    """Put a thread in the agent queue for `reason`; None when it waits there for that reason already."""
    try:
        with transaction.atomic():
            item = QueueItem.objects.create(
                question_id=question_id, reason=reason, waiting_since=waiting_since, note=note[:1000], ticket=ticket
            )
    except IntegrityError:
        return None
    events.publish(events.QuestionQueued(question_id=question_id, item_id=item.pk, reason=reason))
    return item


def resolve_items(*, question_id: int, reasons, resolution: str, by: User | None = None) -> int:
    """Take the thread's open items for these reasons out of the queue; returns how many left."""
    return QueueItem.objects.filter(question_id=question_id, reason__in=list(reasons), resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=by, resolution=resolution
    )
