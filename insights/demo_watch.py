"""A demo watch list for `manage.py seed_demo`: what the HeizBox team keeps an eye on, with the demo threads
that already match it, so the watch page has something to show. Idempotent: a list that exists stays."""

from community.accounts.models import User
from forum.models import Answer, Question, Reply

from .models import WatchList
from .services import watch as services

NAME = "Störungen und Kündigungen"


def seed(people: dict[str, User]) -> None:
    if WatchList.objects.filter(name=NAME).exists():
        return
    services.create_watch_list(
        by=people["mona"],
        name=NAME,
        terms=["Störung", "offline", "kündigen", "outage", "cancel"],
        tags=["wlan"],
        watchers=[people["mona"], people["alex"]],
    )
    # Posts written before the list existed: matched once here, as the worker matches new ones.
    for kind, model in (("question", Question), ("answer", Answer), ("reply", Reply)):
        for object_id in model.objects.values_list("pk", flat=True):
            services.match_post(kind=kind, object_id=object_id)
