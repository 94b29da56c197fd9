"""Insights' news: the watchers of a watch list hear of a new post that matches it.

Plans run in the worker (the fan-out); reads cross into insights and the forum, writes stay here.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from community import events
from forum.models import Answer, Question, Reply
from insights.models import WatchHit

from .. import kinds
from ..services import News
from . import Plan, register

WATCH_KIND = "watch_match"


def describe_watch(count: int, params: dict) -> str:
    """The notification line for posts matching a watch list, in the active language."""
    values = {"count": count, "list": params.get("list", ""), "matched": params.get("matched", "")}
    if count > 1:
        return (
            ngettext(
                "%(count)d new post matches the watch list “%(list)s”",
                "%(count)d new posts match the watch list “%(list)s”",
                count,
            )
            % values
        )
    return str(_("A new post matches the watch list “%(list)s”: %(matched)s")) % values


def _post(kind: str, object_id: int):
    model = {"question": Question, "answer": Answer, "reply": Reply}[kind]
    return model.objects.filter(pk=object_id).select_related(*([] if model is Question else ["question"])).first()


def watch_matched(event: events.WatchListMatched) -> Plan:
    hit = (
        WatchHit.objects.filter(pk=event.hit_id)
        .select_related("watch_list", "question__category")
        .prefetch_related("watch_list__watchers")
        .first()
    )
    post = _post(event.kind, event.object_id) if hit else None
    if hit is None or post is None or not hit.watch_list.active:
        return []
    category = hit.question.category
    # Only staff who may still read watch lists and may see the thread's category hear of it.
    watchers = [
        user
        for user in hit.watch_list.watchers.all()
        if user.is_active
        and user.has_perm("insights.view_watch_lists")
        and user.has_perm("forum.view_category", category)
    ]
    news = News(
        key=str(event.event_id),
        kind=WATCH_KIND,
        title=hit.question.title,
        url=post.get_absolute_url(),
        group_key=f"watch:{hit.watch_list_id}",
        actor_id=event.author_id,
        params={"list": hit.watch_list.name, "matched": ", ".join(event.matched)},
        excerpt=post.body[:300],
    )
    return [(news, [user.pk for user in watchers])]


def connect() -> None:
    kinds.register(
        kinds.Kind(WATCH_KIND, _("New posts that match a watch list I watch"), describe_watch, email="instant")
    )
    register(events.WatchListMatched, watch_matched)
