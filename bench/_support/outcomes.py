"""What the fault and load benchmarks check in the database after a run: nothing lost, nothing twice."""

from __future__ import annotations

import re
import time
from collections import Counter


def wait_until_settled(seconds: float) -> tuple[int, float]:
    """Wait until no hand-off is pending (the sweeps resend what was lost); (pending left, seconds waited)."""
    from django.db import connections

    from community.models import Handoff

    started = time.monotonic()
    pending = -1
    while time.monotonic() - started < seconds:
        connections.close_all()  # the server may have restarted under this process
        try:
            pending = Handoff.objects.filter(done_at__isnull=True).count()
        except Exception:  # the database may still be starting
            pending = -1
        if pending == 0:
            break
        time.sleep(1)
    return pending, time.monotonic() - started


def missing_writes(accepted: list[dict]) -> tuple[Counter, list[dict]]:
    """Of the writes the server took (a 2xx or 3xx answer), which are not in the database: (checked per kind,
    missing ones)."""
    from forum.models import Answer, Question, Reply, Vote
    from ideas.models import IdeaVote

    users = {w["user_id"] for w in accepted}
    mark = re.compile(r"([0-9a-f]{12})\.?$")

    def marks(rows) -> set[str]:
        return {found.group(1) for text in rows if (found := mark.search(text.strip()))}

    present = {
        "ask": marks(Question.objects.filter(author_id__in=users).values_list("title", flat=True)),
        "answer": marks(Answer.objects.filter(author_id__in=users).values_list("body", flat=True)),
        "reply": marks(Reply.objects.filter(author_id__in=users).values_list("body", flat=True)),
    }
    votes = set(Vote.objects.filter(user_id__in=users, value=1).values_list("user_id", "answer_id"))
    idea_votes = set(IdeaVote.objects.filter(user_id__in=users).values_list("user_id", "idea_id"))
    accepted_answers = set(Answer.objects.filter(is_accepted=True).values_list("pk", flat=True))
    checked, missing = Counter(), []
    for write in accepted:
        kind = write["kind"]
        checked[kind] += 1
        if kind in present:
            found = write["mark"] in present[kind]
        elif kind == "vote":
            found = (write["user_id"], write["answer"]) in votes
        elif kind == "idea vote":
            found = (write["user_id"], write["idea"]) in idea_votes
        else:  # accept
            found = write["answer"] in accepted_answers
        if not found:
            missing.append(write)
    return checked, missing


def duplicate_notifications(since) -> dict[str, int]:
    """Deliveries written since `since`, those twice for one (event, recipient, channel), and the people whose
    in-app lines count more or fewer events than they had in-app deliveries (an event applied twice or lost)."""
    from django.db.models import Count, Sum

    from notifications.models import Delivery, Notification

    deliveries = Delivery.objects.filter(created_at__gte=since)
    twice = deliveries.values("key", "recipient_id", "channel").annotate(n=Count("id")).filter(n__gt=1).count()
    recipients = set(deliveries.filter(channel=Delivery.Channel.IN_APP).values_list("recipient_id", flat=True))
    in_app = dict(
        Delivery.objects.filter(recipient_id__in=recipients, channel=Delivery.Channel.IN_APP)
        .values("recipient_id")
        .annotate(n=Count("id"))
        .values_list("recipient_id", "n")
    )
    counted = dict(
        Notification.objects.filter(recipient_id__in=recipients)
        .values("recipient_id")
        .annotate(n=Sum("count"))
        .values_list("recipient_id", "n")
    )
    return {
        "deliveries": deliveries.count(),
        "in-app deliveries": deliveries.filter(channel=Delivery.Channel.IN_APP).count(),
        "emails sent": deliveries.filter(channel=Delivery.Channel.EMAIL, status=Delivery.Status.SENT).count(),
        "deliveries twice": twice,
        "recipients": len(recipients),
        "recipients whose lines count otherwise": sum(1 for r in recipients if in_app.get(r, 0) != counted.get(r, 0)),
    }


def articles_not_indexed() -> tuple[int, list[int]]:
    """(published knowledge-base articles, those without a search document)."""
    from forum.models import Article, SearchDocument

    published = set(Article.objects.filter(status=Article.Status.PUBLISHED).values_list("pk", flat=True))
    indexed = set(
        SearchDocument.objects.filter(kind=SearchDocument.Kind.ARTICLE, object_id__in=published).values_list(
            "object_id", flat=True
        )
    )
    return len(published), sorted(published - indexed)


def database_size_mb() -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return cursor.fetchone()[0] / 1024 / 1024
