"""Daily and weekly digests: what waited for the digest, plus the top new questions people follow."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from community.accounts.models import User

from . import kinds
from .models import Delivery, Preference, Subscription

PERIOD = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}
TOP_QUESTIONS = 5


def _digest_kinds(user_id: int, frequency: str, prefs: dict) -> set[str]:
    return {kind.code for kind in kinds.all_kinds() if prefs.get((user_id, kind.code), kind.email) == frequency}


def _top_new_questions(user_id: int, since) -> list:
    from forum.models import Category, Question
    from forum.selectors import audiences

    category_type = ContentType.objects.get_for_model(Category)
    followed = Subscription.objects.filter(user_id=user_id, content_type=category_type, active=True).values("object_id")
    user = User.objects.get(pk=user_id)
    return list(
        Question.objects.filter(
            category_id__in=followed,
            created_at__gte=since,
            deleted_at__isnull=True,
            category__audience__in=audiences(user),
        )
        .exclude(author_id=user_id)
        .order_by("-score", "-answer_count", "-created_at")[:TOP_QUESTIONS]
    )


def send_all(*, frequency: str) -> int:
    """One digest per person with something to read; returns how many were sent."""
    from .emails import digest_email

    now = timezone.now()
    since = now - PERIOD[frequency]
    key = f"digest:{frequency}:{now:%Y-%m-%d}" if frequency == "daily" else f"digest:weekly:{now:%G-W%V}"
    prefs = {(p.user_id, p.kind): p.email for p in Preference.objects.all().only("user_id", "kind", "email")}
    waiting_users = set(
        Delivery.objects.filter(channel=Delivery.Channel.DIGEST, status=Delivery.Status.PENDING).values_list(
            "recipient_id", flat=True
        )
    )
    from forum.models import Category

    following = set(
        Subscription.objects.filter(content_type=ContentType.objects.get_for_model(Category), active=True).values_list(
            "user_id", flat=True
        )
    )
    sent = 0
    for user in User.objects.filter(pk__in=waiting_users | following, is_active=True).exclude(email=None):
        wanted = _digest_kinds(user.pk, frequency, prefs)
        with transaction.atomic():
            pending = list(
                Delivery.objects.select_for_update(skip_locked=True)
                .filter(
                    recipient=user, channel=Delivery.Channel.DIGEST, status=Delivery.Status.PENDING, kind__in=wanted
                )
                .order_by("created_at")
            )
            # Category news follow the "new questions" preference.
            questions = _top_new_questions(user.pk, since) if "new_question" in wanted else []
            if not pending and not questions:
                continue  # nothing to say: no mail
            record, created = Delivery.objects.get_or_create(
                key=key,
                recipient=user,
                channel=Delivery.Channel.EMAIL,
                defaults={"kind": f"digest_{frequency}", "payload": {"items": len(pending)}},
            )
            if not created and record.status == Delivery.Status.SENT:
                continue
            items = _group([{"kind": d.kind, **d.payload} for d in pending])
            digest_email(user, frequency=frequency, items=items, questions=questions, key=f"{user.pk}-{key}").send()
            Delivery.objects.filter(pk__in=[d.pk for d in pending]).update(status=Delivery.Status.SENT, sent_at=now)
            record.status, record.sent_at = Delivery.Status.SENT, now
            record.save(update_fields=["status", "sent_at"])
            sent += 1
    return sent


def _group(items: list[dict]) -> list[dict]:
    """One line per thread and kind: '3 new answers on …' instead of three lines."""
    grouped: dict[tuple, dict] = {}
    for item in items:
        key = (item["kind"], item.get("title"))
        if key in grouped:
            grouped[key]["count"] += 1
            grouped[key]["url"] = item.get("url", grouped[key]["url"])
        else:
            grouped[key] = {**item, "count": 1}
    return list(grouped.values())
