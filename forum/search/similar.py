"""'Already answered? These may help': solved questions and articles like the one being asked."""

from dataclasses import dataclass

from ..models import Article, Question, SearchDocument
from . import engine

SHOWN = 5
RELATED = 5


@dataclass(frozen=True)
class Suggestion:
    document_id: int
    kind: str
    title: str
    url: str
    score: float


def similar_documents(title: str, body: str = "", *, language=None, category_ids=None, limit=10, **filters):
    """The raw ranking (bench/search_quality.py measures exactly this)."""
    return engine.rank(title, body, language=language, limit=limit, category_ids=category_ids, **filters)


def suggestions(title: str, body: str = "", *, language=None, category_ids=None) -> list[Suggestion]:
    """Up to five solved questions and articles for the ask page, articles first among equals."""
    title = " ".join((title or "").split())[:300]
    if len(title) < 8:
        return []
    hits = similar_documents(title, body[:2000], language=language, category_ids=category_ids, limit=SHOWN, solved=True)
    hits = [hit for hit in hits if hit.score >= engine.TITLE_SIMILARITY * 0.5]
    urls = urls_of(hits)
    return [
        Suggestion(hit.document_id, hit.kind, hit.title, urls[(hit.kind, hit.object_id)], hit.score)
        for hit in hits
        if (hit.kind, hit.object_id) in urls
    ]


def related_questions(question: Question, *, audiences, limit: int = RELATED) -> list:
    """Solved questions like this one for the side of its page: never itself, and only questions that are
    there now (not deleted or hidden) in categories these readers see. One query."""
    hits = engine.rank(
        question.title,
        question.excerpt,
        language=question.language,
        audiences=audiences,
        limit=limit,
        solved=True,
        live=True,
        kinds=[SearchDocument.Kind.QUESTION],
        exclude_question=question.pk,
    )
    return [hit for hit in hits if hit.score >= engine.TITLE_SIMILARITY * 0.5]


def urls_of(hits) -> dict[tuple[str, int], str]:
    """Addresses of hits or documents (anything with `kind` and `object_id`)."""
    urls = {}
    questions = [hit.object_id for hit in hits if hit.kind == SearchDocument.Kind.QUESTION]
    articles = [hit.object_id for hit in hits if hit.kind == SearchDocument.Kind.ARTICLE]
    for question in Question.objects.filter(pk__in=questions).only("id", "title"):
        urls[("question", question.pk)] = question.get_absolute_url()
    for article in Article.objects.filter(pk__in=articles, status=Article.Status.PUBLISHED).only("id", "title"):
        urls[("article", article.pk)] = article.get_absolute_url()
    return urls
