"""Every write of the notifications app: following, telling people, reading, preferences.

`notify` is the public entry for every app that wants people to hear something: it writes the
in-app notifications and the pending email deliveries in one transaction, keyed per event,
recipient and channel, so calling it twice for one event tells nobody twice.
"""

import json
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from community.accounts.models import User
from community.fragments import forget, pages_changed
from forum.kernel import check_can_write

from . import kinds
from .models import Delivery, Notification, Preference, Subscription

GROUP_WINDOW = timedelta(hours=6)  # events on one thread within this time share a notification line
BATCH = 1000


def unread_cache_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


# Following


def follow(*, user: User, target, reason: str = Subscription.Reason.MANUAL) -> Subscription:
    """Follow a question, category, tag or idea; an explicit follow revives an earlier unfollow."""
    check_can_write(user, "follow")  # a suspended member follows nothing new
    content_type = ContentType.objects.get_for_model(target)
    subscription, created = Subscription.objects.get_or_create(
        user=user, content_type=content_type, object_id=target.pk, defaults={"reason": reason}
    )
    if not created and not subscription.active and reason == Subscription.Reason.MANUAL:
        subscription.active, subscription.reason = True, reason
        subscription.save(update_fields=["active", "reason"])
    pages_changed()  # pages show how many follow
    return subscription


def follow_automatically(*, user_id: int, target, reason: str) -> None:
    """Asking, answering or replying follows the thread, unless the person unfollowed it before."""
    content_type = ContentType.objects.get_for_model(target)
    Subscription.objects.get_or_create(
        user_id=user_id, content_type=content_type, object_id=target.pk, defaults={"reason": reason}
    )
    pages_changed()


def carry_followers(*, source, target) -> int:
    """The people following `source` (a merged duplicate) follow `target` too, for the same reason, unless
    they unfollowed it before; returns how many were carried. Safe to repeat."""
    content_type = ContentType.objects.get_for_model(source)
    rows = list(
        Subscription.objects.filter(content_type=content_type, object_id=source.pk, active=True).values_list(
            "user_id", "reason"
        )
    )
    Subscription.objects.bulk_create(
        [
            Subscription(
                user_id=user_id,
                content_type=ContentType.objects.get_for_model(target),
                object_id=target.pk,
                reason=reason,
            )
            for user_id, reason in rows
        ],
        ignore_conflicts=True,  # already following, or unfollowed: the row stays as it is
    )
    pages_changed()
    return len(rows)


def unfollow(*, user: User, target) -> None:
    content_type = ContentType.objects.get_for_model(target)
    Subscription.objects.update_or_create(
        user=user, content_type=content_type, object_id=target.pk, defaults={"active": False}
    )
    pages_changed()


# Telling people


@dataclass(frozen=True)
class News:
    """What happened, for `notify`: the same for every recipient of one event."""

    key: str  # unique per event (and per milestone): the delivery key
    kind: str
    title: str
    url: str
    group_key: str
    actor_id: int | None = None
    params: dict = field(default_factory=dict)
    excerpt: str = ""


def _preferences(user_ids: list[int], kind: kinds.Kind) -> dict[int, tuple[bool, str]]:
    """(in app?, email mode) per recipient, with the kind's defaults where a person set nothing."""
    chosen = {
        user_id: (in_app, email)
        for user_id, in_app, email in Preference.objects.filter(user_id__in=user_ids, kind=kind.code).values_list(
            "user_id", "in_app", "email"
        )
    }
    return {user_id: chosen.get(user_id, (kind.in_app, kind.email)) for user_id in user_ids}


def _insert_deliveries(recipients: list[int], news: News, channel: str, payload: str, status: str) -> list[int]:
    """Insert one delivery per recipient; return the recipients that were new (ON CONFLICT skips the rest)."""
    if not recipients:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {Delivery._meta.db_table}
                (key, recipient_id, channel, kind, status, payload, attempts, last_error, created_at, sent_at)
            SELECT %s, r, %s, %s, %s, %s::jsonb, 0, '', now(), CASE WHEN %s = 'sent' THEN now() END
            FROM unnest(%s::bigint[]) AS r
            ON CONFLICT (key, recipient_id, channel) DO NOTHING
            RETURNING recipient_id
            """,  # noqa: S608  (the table name comes from the model; values are parameters)  # nosec B608  # as the noqa says
            [news.key, channel, news.kind, status, payload, status, recipients],
        )
        return [row[0] for row in cursor.fetchall()]


def _payload(news: News) -> str:
    import json

    return json.dumps(
        {"title": news.title, "url": news.url, "excerpt": news.excerpt, "actor_id": news.actor_id, **news.params}
    )


def _apply_in_app(recipients: list[int], news: News) -> None:
    """Add the news to each recipient's line for this thread if one is unread and recent, else a new line."""
    now = timezone.now()
    grouped = dict(
        Notification.objects.filter(
            recipient_id__in=recipients,
            group_key=news.group_key,
            kind=news.kind,
            read_at__isnull=True,
            updated_at__gte=now - GROUP_WINDOW,
        ).values_list("recipient_id", "id")
    )
    if grouped:
        Notification.objects.filter(pk__in=grouped.values()).update(
            count=F("count") + 1, updated_at=now, actor_id=news.actor_id, url=news.url, params=news.params
        )
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=recipient,
                kind=news.kind,
                group_key=news.group_key,
                actor_id=news.actor_id,
                title=news.title[:200],
                url=news.url,
                params=news.params,
                created_at=now,
                updated_at=now,
            )
            for recipient in recipients
            if recipient not in grouped
        ],
        batch_size=BATCH,
    )
    forget(*[unread_cache_key(recipient) for recipient in recipients])


def _add_to_daily_lines(recipients: list[int], news: News, line: str) -> None:
    """Add the news to each recipient's line of `line` for their today (in their time zone), made if missing.

    One statement per batch: the unique (recipient, kind, day) makes two workers meet in one line, and a
    line read earlier today shows as unread again. Called only for fresh deliveries, so a repeated event
    adds nothing.
    """
    now = timezone.now()
    rows = []
    for pk, handle, zone in User.objects.filter(pk__in=recipients).values_list("pk", "handle", "time_zone"):
        try:
            day = now.astimezone(zoneinfo.ZoneInfo(zone)).date()
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            day = timezone.localdate(now)
        rows.append((pk, day, reverse("accounts:profile", args=[handle])))
    if not rows:
        return
    ids, days, urls = (list(column) for column in zip(*rows, strict=True))
    item = json.dumps({"title": news.title, "url": news.url, **news.params}, cls=DjangoJSONEncoder)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {Notification._meta.db_table} AS n
                (recipient_id, kind, group_key, count, title, url, params, created_at, updated_at, day)
            SELECT r.id, %(line)s, %(line)s || ':' || r.day::text, 1, '', r.url,
                   jsonb_build_object(%(member)s, jsonb_build_array(%(item)s::jsonb)), %(now)s, %(now)s, r.day
            FROM unnest(%(ids)s::bigint[], %(days)s::date[], %(urls)s::text[]) AS r(id, day, url)
            ON CONFLICT (recipient_id, kind, day) DO UPDATE SET
                count = n.count + 1,
                params = n.params || jsonb_build_object(
                    %(member)s, coalesce(n.params -> %(member)s, '[]'::jsonb) || jsonb_build_array(%(item)s::jsonb)
                ),
                updated_at = EXCLUDED.updated_at,
                read_at = NULL
            """,  # noqa: S608  (the table name comes from the model; values are parameters)  # nosec B608  # as the noqa says
            {"line": line, "member": news.kind, "item": item, "now": now, "ids": ids, "days": days, "urls": urls},
        )


def notify(news: News, recipient_ids: Iterable[int]) -> list[int]:
    """Tell these people the news, once: in the app now, by email as each person prefers.

    Returns the ids of new instant-email deliveries, for the caller to send. Batches commit one by
    one, so a fan-out to thousands that is interrupted resumes where it stopped.
    """
    kind = kinds.get(news.kind)
    recipients = sorted({r for r in recipient_ids if r and r != news.actor_id})
    payload = _payload(news)
    instant: list[int] = []
    for start in range(0, len(recipients), BATCH):
        batch = recipients[start : start + BATCH]
        prefs = _preferences(batch, kind)
        with transaction.atomic():
            # In the app, the notification line is written in the same transaction: delivered at once.
            in_app = [r for r in batch if prefs[r][0]]
            fresh = _insert_deliveries(in_app, news, Delivery.Channel.IN_APP, payload, Delivery.Status.SENT)
            if line := kinds.daily_line(news.kind):
                _add_to_daily_lines(fresh, news, line)
                forget(*[unread_cache_key(recipient) for recipient in fresh])
            else:
                _apply_in_app(fresh, news)
            emails = [r for r in batch if prefs[r][1] == Preference.Email.INSTANT]
            new_email = _insert_deliveries(emails, news, Delivery.Channel.EMAIL, payload, Delivery.Status.PENDING)
            # Daily and weekly readers get this in their next digest.
            digest = [r for r in batch if prefs[r][1] in (Preference.Email.DAILY, Preference.Email.WEEKLY)]
            _insert_deliveries(digest, news, Delivery.Channel.DIGEST, payload, Delivery.Status.PENDING)
            if new_email:
                instant.extend(
                    Delivery.objects.filter(
                        key=news.key, channel=Delivery.Channel.EMAIL, recipient_id__in=new_email
                    ).values_list("pk", flat=True)
                )
    return instant


# Reading


def mark_read(*, user: User, notification_id: int | None = None) -> int:
    """Mark one notification, or all of them, as read; returns how many changed."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    changed = unread.update(read_at=timezone.now())
    forget(unread_cache_key(user.pk))
    return changed


# Preferences


def set_preference(*, user: User, kind: str, email: str | None = None, in_app: bool | None = None) -> Preference:
    spec = kinds.get(kind)
    preference, _ = Preference.objects.get_or_create(
        user=user, kind=kind, defaults={"email": spec.email, "in_app": spec.in_app}
    )
    if email is not None:
        preference.email = Preference.Email(email)
    if in_app is not None:
        preference.in_app = in_app
    preference.save(update_fields=["email", "in_app"])
    return preference


def email_label(kind: str):
    """What an unsubscribe page names: a kind of news, or a digest."""
    if kind.startswith("digest_"):
        return Preference.Email(kind.removeprefix("digest_")).label
    return kinds.get(kind).label


def unsubscribe(*, user: User, kind: str) -> list[Preference]:
    """The one-click link in an email: no more email of this kind (for a digest: of what it gathers)."""
    if kind.startswith("digest_"):
        frequency = kind.removeprefix("digest_")
        chosen = dict(Preference.objects.filter(user=user).values_list("kind", "email"))
        codes = [k.code for k in kinds.all_kinds() if chosen.get(k.code, k.email) == frequency]
    else:
        kinds.get(kind)  # an unknown kind is a KeyError, not a silent preference
        codes = [kind]
    return [set_preference(user=user, kind=code, email=Preference.Email.OFF) for code in codes]
