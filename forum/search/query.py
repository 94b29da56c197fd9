"""The search page: BM25 for plain words, web-search syntax when a query uses it, filters, snippets,
and 'did you mean' when little is found."""

import html
import re
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.utils.safestring import SafeString

from .. import fragments
from ..models import Article, Question, SearchDocument, SearchWord
from . import engine

MAX_QUERY = 300
RESULTS = 200  # ranked per query; the page shows them 20 at a time
SYNTAX = re.compile(r'"|(^|\s)-\w|\s(or|OR)\s')
MARK_START, MARK_END = "\x02", "\x03"


@dataclass
class Result:
    kind: str
    object_id: int
    title: str
    language: str = "en"
    url: str = ""
    snippet: SafeString | str = ""
    is_solved: bool = False
    answer_count: int = 0
    score: int = 0
    created_at: object = None
    category: object = None


@dataclass
class Outcome:
    query: str
    ids: list[int] = field(default_factory=list)  # the ranked documents; pages are made from them
    total: int = 0
    shortened: bool = False
    no_words: bool = False
    did_you_mean: str = ""


def clean(query: str) -> tuple[str, bool]:
    text = " ".join((query or "").replace("\x00", " ").split())
    return text[:MAX_QUERY], len(text) > MAX_QUERY


def _syntax_ids(query: str, where: str, params: dict, order: str) -> list[int]:
    sql = f"""
        SELECT d.id FROM {SearchDocument._meta.db_table} d,
             (SELECT websearch_to_tsquery('english', %(q)s) || websearch_to_tsquery('german', %(q)s) AS tsq) q
        WHERE {where} AND d.vector @@ q.tsq
        ORDER BY {order} LIMIT {RESULTS}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, {**params, "q": query})
        return [row[0] for row in cursor.fetchall()]


def search(
    query: str,
    *,
    category_ids,
    tag_id=None,
    solved: bool | None = None,
    since: date | None = None,
    until: date | None = None,
    sort: str = "relevance",
) -> Outcome:
    """Ranked documents for the search page (articles and solved questions first among equals)."""
    query, shortened = clean(query)
    outcome = Outcome(query=query, shortened=shortened)
    if not query:
        return outcome
    filters = {"category_ids": category_ids, "tag_id": tag_id, "solved": solved, "since": since, "until": until}
    # The same search again (popular questions are asked often) reuses the ranking until the index changes.
    key = fragments.search_key(query, sort, sorted((name, repr(value)) for name, value in filters.items()))
    outcome.ids, outcome.no_words, outcome.did_you_mean = fragments.cached(key, lambda: _ranked(query, filters, sort))
    outcome.total = len(outcome.ids)
    return outcome


def _ranked(query: str, filters: dict, sort: str) -> tuple[list[int], bool, str]:
    """(ranked document ids, whether the query had only stop words, a "did you mean" or "")."""
    where, params = engine._scope(filters)
    order = {"newest": "d.created_at DESC, d.id DESC", "votes": "d.score DESC, d.id DESC"}.get(sort)
    no_words = False
    if SYNTAX.search(query) or order:
        rank_order = order or (
            "ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', d.vector, q.tsq) + CASE WHEN d.kind = 'article' THEN 1 ELSE 0 END DESC"
        )
        ids = _syntax_ids(query, where, params, rank_order)
    else:
        hits = engine.rank(query, limit=RESULTS, **filters)
        ids = [hit.document_id for hit in hits if hit.score > engine.TITLE_SIMILARITY * 0.3]
        # Nothing found for a query of only stop words (in English, or in German): say so.
        no_words = not ids and (not engine.query_lexemes(query, "en") or not engine.query_lexemes(query, "de"))
    return ids, no_words, did_you_mean(query) if len(ids) < 3 else ""


def results_page(outcome: Outcome, number: int, size: int) -> list[Result]:
    """The results of one page, with highlighted snippets: only these are read from the database."""
    shown = _results(outcome.ids[(number - 1) * size : number * size], outcome.query)
    highlight(shown, outcome.query)
    return shown


def _results(document_ids: list[int], query: str) -> list[Result]:
    """Results in the given order, with what the page shows; snippets for all (they are short)."""
    if not document_ids:
        return []
    documents = {d.pk: d for d in SearchDocument.objects.filter(pk__in=document_ids).defer("vector")}
    question_ids = [d.object_id for d in documents.values() if d.kind == "question"]
    article_ids = [d.object_id for d in documents.values() if d.kind == "article"]
    questions = Question.objects.select_related("category").defer("body", "body_html").in_bulk(question_ids)
    articles = Article.objects.select_related("category").in_bulk(article_ids)
    results = []
    for document_id in document_ids:
        document = documents.get(document_id)
        target = (questions if document and document.kind == "question" else articles).get(
            document.object_id if document else None
        )
        if target is None:
            continue
        result = Result(
            kind=document.kind,
            object_id=target.pk,
            title=target.title,
            language=document.language,
            url=target.get_absolute_url(),
            is_solved=document.is_solved,
            score=document.score,
            created_at=document.created_at,
            category=target.category,
            answer_count=getattr(target, "answer_count", 0),
        )
        result.snippet = (getattr(target, "excerpt", "") or getattr(target, "summary", ""))[:240]
        results.append(result)
    return results


def highlight(results: list[Result], query: str) -> None:
    """Mark the query's words in the snippets of the results shown (ts_headline, escaped here)."""
    if not results:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT ts_headline(cfg, s, websearch_to_tsquery(cfg, %(q)s),
                   'MaxWords=35, MinWords=15, StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=false')
            FROM unnest(%(snippets)s::text[], %(langs)s::text[]) AS x(s, lang),
                 LATERAL (SELECT CASE lang WHEN 'de' THEN 'german' ELSE 'english' END::regconfig AS cfg) c
            """,
            {"q": query, "snippets": [r.snippet for r in results], "langs": [r.language for r in results]},
        )
        for result, (marked,) in zip(results, cursor.fetchall(), strict=True):
            # The snippet is escaped first; only our own <mark> goes in unescaped.
            escaped = html.escape(marked).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
            result.snippet = SafeString(escaped)


def did_you_mean(query: str) -> str:
    """The query with each unknown word replaced by the most similar known one, or "" when all are known."""
    words = re.findall(r"[^\W\d_]{3,30}", query.lower())
    if not words:
        return ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT q.word, (
                SELECT w.word FROM {SearchWord._meta.db_table} w
                WHERE w.word %% q.word AND w.word <> q.word
                ORDER BY similarity(w.word, q.word) DESC, w.documents DESC LIMIT 1
            ), EXISTS (SELECT 1 FROM {SearchWord._meta.db_table} k WHERE k.word = q.word)
            FROM unnest(%s::text[]) AS q(word)
            """,
            [words],
        )
        replacements = {word: better for word, better, known in cursor.fetchall() if better and not known}
    if not replacements:
        return ""
    return " ".join(replacements.get(word.lower(), word) for word in query.split())
