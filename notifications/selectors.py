from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count, Q

from community import fragments
from community.accounts.models import User

from . import followables, kinds
from .models import Notification, Preference, Subscription
from .services import unread_cache_key

PAGE_SIZE = 25
UNREAD_CACHE_SECONDS = 300


def keys_read(request) -> list[str]:
    """What every page of a signed-in person reads: the bell's number."""
    user = getattr(request, "user", None)
    return [unread_cache_key(user.pk)] if user is not None and user.is_authenticated else []


def unread_count(user) -> int:
    """The number on the bell: cached per person and cleared by every change, so polling is cheap."""
    key = unread_cache_key(user.pk)
    count = fragments.get(key)
    if count is None:
        count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        fragments.keep(key, count, UNREAD_CACHE_SECONDS)
    return count


def notification_page(user, page):
    notifications = Notification.objects.filter(recipient=user).select_related("actor")
    return Paginator(notifications, PAGE_SIZE).get_page(page)


def following(user) -> list[dict]:
    """What this person follows, grouped by kind of thing, with links (one query per kind)."""
    subscriptions = list(Subscription.objects.filter(user=user, active=True).select_related("content_type"))
    by_type: dict[int, list[int]] = {}
    for subscription in subscriptions:
        by_type.setdefault(subscription.content_type_id, []).append(subscription.object_id)
    groups = []
    for content_type_id, ids in by_type.items():
        content_type = ContentType.objects.get_for_id(content_type_id)
        objects = content_type.model_class()._default_manager.filter(pk__in=ids)
        groups.append({"type": content_type, "objects": list(objects), "model": content_type.model})
    return sorted(groups, key=lambda group: group["model"])


def follow_state(user, target) -> tuple[int, bool]:
    """(how many follow it, whether this person does), in one query."""
    mine = Q(user_id=user.pk) if user.is_authenticated else Q(pk__in=[])
    counts = Subscription.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk, active=True
    ).aggregate(followers=Count("id"), mine=Count("id", filter=mine))
    return counts["followers"], bool(counts["mine"])


def preferences(user) -> list[dict]:
    chosen = {p.kind: p for p in Preference.objects.filter(user=user)}
    rows = []
    for kind in kinds.all_kinds():
        preference = chosen.get(kind.code)
        rows.append(
            {
                "kind": kind,
                "email": preference.email if preference else kind.email,
                "in_app": preference.in_app if preference else kind.in_app,
            }
        )
    return rows


def notification_or_none(user, pk: int) -> Notification | None:
    """One of this person's notifications; None for anyone else's (one query)."""
    return Notification.objects.filter(recipient=user, pk=pk).first()


def followable_or_none(user, kind: str, pk: int):
    """The question, category or tag behind a follow button, if this person may see it."""
    followable = followables.get(kind)
    obj = followable.model._default_manager.filter(pk=pk).first() if followable else None
    return obj if obj is not None and followable.visible(user, obj) else None


def active_person(pk: int) -> User:
    """The active member an unsubscribe link names; LookupError for anyone gone."""
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None:
        raise LookupError(pk)
    return user
