"""What the notifications app keeps about a person, for their data export, and what erasing them does here.

Registered in community.privacy from NotificationsConfig.ready(). Erasing a person ends their follows,
preferences, notifications and every delivery to them (sent or pending), and takes their name out of the
lines and messages that told others about them ("Deleted member" there, in each reader's language).
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from community import privacy
from community.fragments import forget

from . import followables
from .models import Delivery, Notification, Preference, Subscription
from .services import unread_cache_key


def follows(user) -> list[dict]:
    """What the person follows (and what they unfollowed), with the thing's name: one query per kind of thing."""
    rows = list(Subscription.objects.filter(user=user).order_by("pk"))
    things: dict[tuple[int, int], object] = {}
    for content_type_id in {row.content_type_id for row in rows}:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        ids = [row.object_id for row in rows if row.content_type_id == content_type_id]
        if model is not None:
            things |= {(content_type_id, obj.pk): obj for obj in model._default_manager.filter(pk__in=ids)}
    result = []
    for row in rows:
        thing = things.get((row.content_type_id, row.object_id))
        result.append(
            {
                "kind": followables.name_of(thing) if thing is not None else None,
                "id": row.object_id,
                "name": str(thing) if thing is not None else None,
                "following": row.active,
                "why": row.reason,
                "since": row.created_at,
            }
        )
    return result


def notifications(user) -> list[dict]:
    rows = Notification.objects.filter(recipient=user).order_by("pk")
    return [
        {
            "kind": n.kind,
            "text": n.text(),
            "url": n.url,
            "count": n.count,
            "created_at": n.created_at,
            "updated_at": n.updated_at,
            "read_at": n.read_at,
        }
        for n in rows
    ]


def preferences(user) -> list[dict]:
    rows = Preference.objects.filter(user=user).order_by("kind")
    return [{"kind": p.kind, "email": p.email, "in_app": p.in_app} for p in rows]


def erase(user, remove_posts: bool) -> None:
    Subscription.objects.filter(user=user).delete()
    Preference.objects.filter(user=user).delete()
    Notification.objects.filter(recipient=user).delete()
    Delivery.objects.filter(recipient=user).delete()
    forget(unread_cache_key(user.pk))
    # What told others about this person names them: the line's actor and the message's copy of it.
    for notification in Notification.objects.filter(actor=user).select_related("recipient"):
        notification.params = {**notification.params, "actor": _deleted_member(notification.recipient.language)}
        notification.save(update_fields=["params"])
    for delivery in Delivery.objects.filter(payload__actor_id=user.pk).select_related("recipient"):
        delivery.payload = {**delivery.payload, "actor": _deleted_member(delivery.recipient.language)}
        delivery.save(update_fields=["payload"])


def _deleted_member(language: str) -> str:
    with translation.override(language):
        return str(privacy.DELETED_MEMBER)


def connect() -> None:
    privacy.register_exporter("follows", follows)
    privacy.register_exporter("notifications", notifications)
    privacy.register_exporter("notification_preferences", preferences)
    privacy.register_eraser("notifications", erase)
