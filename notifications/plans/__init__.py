"""Who hears of which event: one home for every app that publishes events.

Each source app has its module here (forum.py, ideas.py, superusers.py; helpdesk.py and insights.py
when they come): the kinds of news it brings, what of it can be followed, and a plan per event type. A
plan takes the event (its dataclass, rebuilt in the worker) and returns the news and who should hear
it; `notify` leaves out the actor, applies preferences and writes the deliveries. The source apps know
nothing of this: notifications reads their models and meets them at their events. The follows that
writing brings (asking follows the question) are notifications' own reactions, in handlers.py.
"""

from collections.abc import Callable
from importlib import import_module

from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from community import events

from ..models import Subscription
from ..services import News

Plan = list[tuple[News, list[int]]]
_plans: dict[type[events.Event], Callable[[events.Event], Plan]] = {}

# The apps whose events people hear of, each with its module here; an app that is not installed is left out.
SOURCES = ("forum", "superusers", "ideas", "moderation", "helpdesk", "insights")


def register(event_type: type[events.Event], plan: Callable) -> None:
    """Tell people of every `event_type` as `plan` says; the fan-out is handed to Celery with the event."""
    from ..tasks import run_fanout

    _plans[event_type] = plan
    events.subscribe_task(event_type, run_fanout)


def plan_for(event: events.Event) -> Plan:
    plan = _plans.get(type(event))
    return plan(event) if plan is not None else []


def registered() -> dict[type[events.Event], Callable]:
    return dict(_plans)


def connect() -> None:
    for source in SOURCES:
        if apps.is_installed(source):
            import_module(f"{__name__}.{source}").connect()


def followers(model, object_ids) -> set[int]:
    """People following any of these objects (active subscriptions only)."""
    content_type = ContentType.objects.get_for_model(model)
    return set(
        Subscription.objects.filter(content_type=content_type, object_id__in=list(object_ids), active=True).values_list(
            "user_id", flat=True
        )
    )
