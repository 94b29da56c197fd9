"""View counts without a database write per page view.

Each web process adds views up in memory and, at most every FLUSH_SECONDS, hands the sums to Celery
as one message; the worker adds them with one UPDATE. A process that dies loses at most those
seconds of views, which a view count can afford.
"""

import threading
import time
from collections import Counter

from django.db.models import Case, F, IntegerField, Value, When

from ..models import Question

FLUSH_SECONDS = 30
FLUSH_SIZE = 500

_lock = threading.Lock()
_pending: Counter = Counter()
_last_flush = time.monotonic()


def record_view(question_id: int) -> None:
    """Count one view of a question; cheap enough for every page view."""
    with _lock:
        _pending[question_id] += 1
        due = time.monotonic() - _last_flush >= FLUSH_SECONDS or len(_pending) >= FLUSH_SIZE
    if due:
        flush_views()


def flush_views() -> dict[int, int]:
    """Send the counted views to the worker now; returns what was sent."""
    global _last_flush
    with _lock:
        counts = dict(_pending)
        _pending.clear()
        _last_flush = time.monotonic()
    if counts:
        from ..tasks import add_views as add_views_task

        add_views_task.delay(counts={str(pk): n for pk, n in counts.items()})
    return counts


def add_views(*, counts: dict[int, int]) -> int:
    """Add view counts to many questions in one UPDATE."""
    if not counts:
        return 0
    increment = Case(
        *[When(pk=pk, then=Value(n)) for pk, n in counts.items()], default=Value(0), output_field=IntegerField()
    )
    return Question.objects.filter(pk__in=counts).update(view_count=F("view_count") + increment)
