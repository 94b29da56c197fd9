"""Row first, then task, then sweep: how work reaches Celery so that a lost message loses nothing.

A message can be lost or late: a SIGKILLed worker takes the one it was running along (Redis hands an
unacknowledged message back after `visibility_timeout`, community/queues.py; one acknowledged early is
gone), and a broker that is down when a request commits never gets it. So every hand-off to Celery is
a `Handoff` row first:

    handoff(tasks.sync_article, key=f"sync_article:{event.event_id}", question_id=event.question_id)

writes the row in the caller's transaction (nothing if it rolls back; nothing new if the key exists)
and sends the message once it commits. The task, which runs on `HandedOff` (the Celery app's task
class), marks the row started and then done; a duplicate message finds it done and does nothing.
`sweep`, run by beat, sends again every row left pending longer than HANDOFF_SWEEP_AFTER_SECONDS, up
to HANDOFF_MAX_ATTEMPTS messages per row, logging each time, and forgets done rows after
HANDOFF_KEEP_DONE_DAYS. Tasks stay idempotent (a sweep may send while a slow run goes on); a task
whose effect must count exactly once sets `handoff_atomic=True` and runs in one transaction with its
row locked and marked.

Tasks subscribed to events (`events.subscribe_task`) are handed off this way by `events.publish`.
"""

import json
import logging
import time
from datetime import timedelta
from functools import partial

from celery import Task
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

logger = logging.getLogger(__name__)

KEY = "handoff_key"  # the message header that names the row


class HandedOff(Task):
    """Every task of the project: a message with a `handoff_key` header runs for its row and marks it done."""

    handoff_atomic = False  # True: the run and the "done" mark commit together (exactly once)

    def __call__(self, *args, **kwargs):
        if self.request.called_directly:  # a plain function call: no message, no row
            return super().__call__(*args, **kwargs)
        key = (self.request.headers or {}).get(KEY)
        if key is None:
            return self.run(*args, **kwargs)
        run = self.run
        from .models import Handoff

        if self.handoff_atomic:
            with transaction.atomic():
                row = Handoff.objects.select_for_update().filter(key=key, done_at__isnull=True).first()
                if row is None:
                    return None  # done already: a duplicate message
                result = run(*args, **kwargs)
                Handoff.objects.filter(pk=row.pk).update(started_at=timezone.now(), done_at=timezone.now())
                return result
        if not Handoff.objects.filter(key=key, done_at__isnull=True).update(started_at=timezone.now()):
            return None  # done already: a duplicate message
        result = run(*args, **kwargs)
        Handoff.objects.filter(key=key).update(done_at=timezone.now())
        return result


def _encode(kwargs: dict) -> str:
    from .models import ExactJSONEncoder

    return json.dumps(kwargs, cls=ExactJSONEncoder)


def handoff(task, *, key: str, **kwargs) -> bool:
    """Have `task(**kwargs)` run once, surely: a row in the caller's transaction, the message after commit.

    Returns False when a hand-off with this key exists already (it runs, or ran, once for both).
    """
    if not isinstance(task, HandedOff):
        raise TypeError(f"{task!r} is no Celery task of this project")
    from .models import Handoff

    if len(key) > Handoff._meta.get_field("key").max_length:
        raise ValueError(f"hand-off key too long: {key!r}")
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {Handoff._meta.db_table} (key, task, kwargs, created_at, sent_at, attempts)
            VALUES (%s, %s, %s::jsonb, clock_timestamp(), clock_timestamp(), 1)
            ON CONFLICT (key) DO NOTHING
            RETURNING id
            """,  # noqa: S608  (the table name comes from the model; values are parameters)
            [key, task.name, _encode(kwargs)],
        )
        created = cursor.fetchone() is not None
    if created:
        send = _named(partial(_send_after_commit, task, key, kwargs), f"handoff {task.name}")
        # robust: a broker that is down does not undo the caller's write; the sweep sends it later.
        transaction.on_commit(send, robust=True)
    return created


# A broker that failed to take a message is not asked again for this long by this process: a write hands
# off several tasks, and each failed publish costs kombu's retries (about half a second). The rows wait.
BROKER_PAUSE_SECONDS = 5.0
_broker_paused_until = 0.0


def resume_broker() -> None:
    """End the pause now: the next hand-off asks the broker again (after a fix, and between tests)."""
    global _broker_paused_until
    _broker_paused_until = 0.0


def _send_after_commit(task, key: str, kwargs: dict) -> None:
    global _broker_paused_until
    if time.monotonic() < _broker_paused_until and not task.app.conf.task_always_eager:
        return  # the row stays pending: the sweep sends it once the broker is back
    try:
        _send(task, key, kwargs)
    except Exception:
        if not task.app.conf.task_always_eager:  # an eager app (tests) has no broker to spare
            _broker_paused_until = time.monotonic() + BROKER_PAUSE_SECONDS
        logger.exception("Hand-off %s could not be sent; it is kept, and the sweep sends it later", key)


def _named(function, name: str):
    function.__qualname__ = function.__name__ = name  # on_commit logs a failure by this name
    return function


def _send(task, key: str, kwargs: dict) -> None:
    task.apply_async(kwargs=kwargs, headers={KEY: key})  # a retry keeps the headers


def _task(name: str):
    from .celery import app

    found = app.tasks.get(name)
    if found is None:
        app.loader.import_default_modules()
        found = app.tasks.get(name)
    return found


def send_again(rows) -> int:
    """Send these pending hand-offs now, with their attempts counted afresh (an operator fixed the cause)."""
    sent = 0
    for row in rows:
        task = _task(row.task)
        if task is None:
            continue
        type(row).objects.filter(pk=row.pk).update(sent_at=timezone.now(), attempts=1)
        transaction.on_commit(_named(partial(_send, task, row.key, row.kwargs), f"handoff {row.task}"), robust=True)
        sent += 1
    return sent


def sweep() -> dict[str, int]:
    """Send again what stayed pending (a lost message, a killed worker); forget what is long done."""
    from .models import Handoff

    now = timezone.now()
    stale = now - timedelta(seconds=settings.HANDOFF_SWEEP_AFTER_SECONDS)
    limit = settings.HANDOFF_MAX_ATTEMPTS
    waiting = (
        Handoff.objects.filter(done_at__isnull=True, sent_at__lt=stale, attempts__lt=limit)
        .filter(Q(started_at__isnull=True) | Q(started_at__lt=stale))
        .order_by("sent_at")[: settings.HANDOFF_SWEEP_BATCH]
    )
    sent = 0
    for row in waiting:
        # Claimed by its last sending time: two sweeps at once send it once.
        if not Handoff.objects.filter(pk=row.pk, sent_at=row.sent_at).update(sent_at=now, attempts=F("attempts") + 1):
            continue
        attempt = row.attempts + 1
        log = logger.error if attempt >= limit else logger.warning
        log(
            "Hand-off %s (%s) was not done after %s: sending it again (attempt %d of %d)%s",
            row.key,
            row.task,
            now - row.created_at,
            attempt,
            limit,
            "; the last one: it keeps failing, see the worker's log" if attempt >= limit else "",
        )
        task = _task(row.task)
        if task is None:
            logger.error("Hand-off %s names a task that does not exist: %s", row.key, row.task)
            continue
        try:
            _send(task, row.key, row.kwargs)
        except Exception:
            logger.exception("Hand-off %s could not be sent; the next sweep tries again", row.key)
            continue
        sent += 1
    keep = now - timedelta(days=settings.HANDOFF_KEEP_DONE_DAYS)
    old = list(
        Handoff.objects.filter(done_at__lt=keep).values_list("pk", flat=True)[: settings.HANDOFF_SWEEP_BATCH * 10]
    )
    forgotten, _ = Handoff.objects.filter(pk__in=old).delete()
    return {"sent": sent, "forgotten": forgotten}
