"""View counts of questions and articles without a database write per page view.

Each web process adds views up in memory and, at most every FLUSH_SECONDS, hands the sums to Celery
(a hand-off: a row, then the message, which the sweep sends again if it is lost); the worker adds them
with one UPDATE per model, in the transaction that marks the hand-off done, so a message delivered twice
counts once. A process that dies loses at most those seconds of views: a view count can afford that.
"""

import threading
import time
import uuid
from collections import Counter

from django.db.models import Case, F, IntegerField, Value, When

from community.handoffs import handoff

from ..models import Article, Question

FLUSH_SECONDS = 30
FLUSH_SIZE = 500
MODELS = {"q": Question, "a": Article}

_lock = threading.Lock()
_pending: Counter = Counter()
_last_flush = time.monotonic()


def _record(key: str) -> None:
    with _lock:
        _pending[key] += 1
        due = time.monotonic() - _last_flush >= FLUSH_SECONDS or len(_pending) >= FLUSH_SIZE
    if due:
        flush_views()


def record_view(question_id: int) -> None:
    """Count one view of a question; cheap enough for every page view."""
    _record(f"q:{question_id}")


def record_article_view(article_id: int) -> None:
    _record(f"a:{article_id}")


def flush_views() -> dict[str, int]:
    """Send the counted views to the worker now; returns what was sent ("q:<id>" / "a:<id>" -> views)."""
    global _last_flush
    with _lock:
        counts = dict(_pending)
        _pending.clear()
        _last_flush = time.monotonic()
    if counts:
        from ..tasks import add_views as add_views_task

        handoff(add_views_task, key=f"views:{uuid.uuid4()}", counts=counts)
    return counts


def add_views(*, counts: dict[str, int]) -> int:
    """Add view counts to many questions and articles, one UPDATE per kind."""
    changed = 0
    for prefix, model in MODELS.items():
        mine = {int(key[2:]): n for key, n in counts.items() if key.startswith(f"{prefix}:")}
        if not mine:
            continue
        increment = Case(
            *[When(pk=pk, then=Value(n)) for pk, n in mine.items()], default=Value(0), output_field=IntegerField()
        )
        changed += model.objects.filter(pk__in=mine).update(view_count=F("view_count") + increment)
    return changed
