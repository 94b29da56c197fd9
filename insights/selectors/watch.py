"""What the watch pages read: the lists with their hit counts, and a list's hits with their posts."""

from dataclasses import dataclass

from django.db.models import Count, Max, QuerySet

from forum.models import Answer, Question, Reply
from forum.selectors.categories import audiences

from ..models import WatchHit, WatchList
from ..watch_mood import mood_of


def watch_lists() -> QuerySet[WatchList]:
    """Every watch list with its number of hits and its latest, in one query."""
    return WatchList.objects.annotate(hit_count=Count("hits"), last_hit_at=Max("hits__created_at")).order_by(
        "-active", "name", "pk"
    )


def watch_hits(watch_list: WatchList, user) -> QuerySet[WatchHit]:
    """The list's hits newest first, those in categories the person may not see left out."""
    return (
        WatchHit.objects.filter(watch_list=watch_list, question__category__audience__in=audiences(user))
        .select_related("question")
        .only(
            "id", "kind", "object_id", "matched_terms", "matched_tags", "created_at", "question__id", "question__title"
        )
    )


@dataclass
class HitRow:
    hit: WatchHit
    excerpt: str
    url: str
    mood: object = None


_MODELS = {WatchHit.Kind.QUESTION: Question, WatchHit.Kind.ANSWER: Answer, WatchHit.Kind.REPLY: Reply}


def hit_rows(hits) -> list[HitRow]:
    """The page's hits with each post's excerpt, address and mood: one query per kind of post, whatever the count."""
    hits = list(hits)
    bodies, moods = {}, {}
    for kind, model in _MODELS.items():
        ids = [hit.object_id for hit in hits if hit.kind == kind]
        if ids:
            bodies[kind] = dict(model.objects.filter(pk__in=ids).values_list("pk", "body"))
            moods[kind] = mood_of(kind, ids)
    rows = []
    for hit in hits:
        body = bodies.get(hit.kind, {}).get(hit.object_id, "")
        excerpt = " ".join(body.split())
        excerpt = excerpt if len(excerpt) <= 240 else excerpt[:239] + "…"
        thread = hit.question.get_absolute_url()
        anchor = "" if hit.kind == WatchHit.Kind.QUESTION else f"#{hit.kind}-{hit.object_id}"
        rows.append(HitRow(hit, excerpt, thread + anchor, moods.get(hit.kind, {}).get(hit.object_id)))
    return rows
