"""Who hears of which event: a plan per event type, registered by the app that knows the event.

A plan takes the event's values (as stored in FanOut.payload) and returns the news and who should
hear it; `notify` leaves out the actor, applies preferences and writes the deliveries. The forum's
plans are in forum_plans.py; ideas, reputation and helpdesk register theirs in their `ready()`,
so this app needs no change when new kinds of events appear.
"""

from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType

from community import events

from .models import Subscription
from .services import News

Plan = list[tuple[News, list[int]]]
_plans: dict[str, Callable[[dict], Plan]] = {}


def register(event_type: type[events.Event], plan: Callable[[dict], Plan]) -> None:
    """Tell people of every `event_type` as `plan` says; the fan-out runs in Celery after commit."""
    from .handlers import record_and_fan_out

    _plans[event_type.__name__] = plan
    events.subscribe(event_type, record_and_fan_out)


def plan_for(event_type: str, payload: dict) -> Plan:
    return _plans[event_type](payload) if event_type in _plans else []


def followers(model, object_ids) -> set[int]:
    """People following any of these objects (active subscriptions only)."""
    content_type = ContentType.objects.get_for_model(model)
    return set(
        Subscription.objects.filter(content_type=content_type, object_id__in=list(object_ids), active=True).values_list(
            "user_id", flat=True
        )
    )
