"""The search page: BM25 for plain words, web-search syntax when a query uses it, filters, snippets,
and 'did you mean' when little is found."""

import html
import re
from dataclasses import dataclass, field
from datetime import date

import nh3
from django.core.cache import cache
from django.db import connection
from django.utils.safestring import SafeString

from .. import fragments
from ..models import Article, Question, SearchDocument, SearchWord
from . import engine

MAX_QUERY = 300
RESULTS = 200  # ranked per query; the page shows them 20 at a time
SYNTAX = re.compile(r'"|(^|\s)-\w|\s(or|OR)\s')
MARK_START, MARK_END = "\x02", "\x03"
LT, GT = "\ue000", "\ue001"  # stand-ins for < and > while PostgreSQL cuts the snippet
# ts_headline reads the whole text it is given (about 2.5 ms per 1000 characters for a page of 20): it gets
# a window of the post around the first word searched for (a snippet is some 200 characters), so a long
# post costs what a short one does.
SNIPPET_WINDOW = 360


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
    duplicate_of: object = None  # the original question, for "duplicate of …"
    document_id: int = 0


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


def _syntax_ids(query: str, filters: dict, sort: str) -> list[int]:
    """Documents that match a web-search query ("phrase", -word, or), a thread once, by rank, date or votes."""
    where, params = engine.scope(filters)
    score = {"newest": "extract(epoch FROM d.created_at)", "votes": "d.score::float"}.get(
        sort, "ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', d.vector, q.tsq) + CASE WHEN d.kind = 'article' THEN 1 ELSE 0 END"
    )
    sql = f"""
        WITH q AS (SELECT websearch_to_tsquery('english', %(q)s) || websearch_to_tsquery('german', %(q)s) AS tsq),
        scored AS (
            SELECT d.id, d.kind, d.object_id, d.thread_id, d.title, d.duplicate_of, {score} AS score
            FROM {SearchDocument._meta.db_table} d, q WHERE {where} AND d.vector @@ q.tsq
        ),
        {engine.one_per_thread(filters, demote_duplicates=sort == "relevance")}
    """  # nosec B608  # SQL from constants: model table names, fixed configurations; values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, {**params, "q": query, "limit": RESULTS})
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
    outcome.ids, outcome.no_words, outcome.did_you_mean = fragments.cached(key, lambda: ranked(query, filters, sort))
    outcome.total = len(outcome.ids)
    return outcome


def ranked(query: str, filters: dict, sort: str) -> tuple[list[int], bool, str]:
    """(ranked document ids, whether the query had only stop words, a "did you mean" or "")."""
    no_words = False
    if SYNTAX.search(query) or sort in {"newest", "votes"}:
        ids = _syntax_ids(query, filters, sort)
    else:
        hits = engine.rank(query, limit=RESULTS, **filters)
        ids = [hit.document_id for hit in hits if hit.score > engine.TITLE_SIMILARITY * 0.3]
        # Nothing found for a query of only stop words (in English, or in German): say so.
        no_words = not ids and (not engine.query_lexemes(query, "en") or not engine.query_lexemes(query, "de"))
    return ids, no_words, did_you_mean(query) if len(ids) < 3 else ""


def results_page(outcome: Outcome, number: int, size: int, *, category_ids=None) -> list[Result]:
    """The results of one page, with highlighted snippets: only these are read from the database.
    `category_ids`: where the reader may look (a duplicate's original elsewhere is not named).

    The marked snippets of a page are kept like its ranking, until the index changes: the same search
    again reads no post's text.
    """
    page = outcome.ids[(number - 1) * size : number * size]
    key = fragments.search_key("snippets", outcome.query, page)
    snippets = cache.get(key) if page else None
    shown = results_of(page, category_ids=category_ids, text=snippets is None)
    if snippets is None:
        highlight(shown, outcome.query)
        cache.set(key, {r.document_id: str(r.snippet) for r in shown}, fragments.FRAGMENT_SECONDS)
    else:
        for result in shown:
            # Made by highlight(): escaped text with our own marks.
            result.snippet = SafeString(snippets.get(result.document_id, ""))  # nosec B703  # escaped text with only our own <mark> tags (highlight)
    return shown


def results_of(document_ids: list[int], *, category_ids=None, text: bool = False) -> list[Result]:
    """Results in the given order, with what the page shows; with `text`, the plain text of each post as
    its snippet, for highlight() to cut."""
    if not document_ids:
        return []
    documents = {d.pk: d for d in SearchDocument.objects.filter(pk__in=document_ids).defer("vector")}
    question_ids = [d.object_id for d in documents.values() if d.kind == "question"]
    article_ids = [d.object_id for d in documents.values() if d.kind == "article"]
    shown = ("id", "title", "category")
    questions = Question.objects.select_related("category").only(*shown, "answer_count", *(["body_html"] * text))
    articles = Article.objects.select_related("category").only(*shown, *(["summary_html"] * text))
    questions, articles = questions.in_bulk(question_ids), articles.in_bulk(article_ids)
    # The originals of duplicates, as the index has them: one more query, only on a page that shows one.
    original_ids = {d.duplicate_of for d in documents.values() if d.duplicate_of}
    originals = (
        Question.objects.filter(pk__in=original_ids, deleted_at__isnull=True).only("id", "title", "category_id")
        if original_ids
        else []
    )
    originals = {q.pk: q for q in originals if category_ids is None or q.category_id in category_ids}
    results = []
    for document_id in document_ids:
        document = documents.get(document_id)
        target = (questions if document and document.kind == "question" else articles).get(
            document.object_id if document else None
        )
        if target is None:
            continue
        original = originals.get(document.duplicate_of)
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
            duplicate_of=original,
            document_id=document.pk,
        )
        if text:
            result.snippet = plain_text(target.body_html if document.kind == "question" else target.summary_html)
        results.append(result)
    return results


_CONTROL = re.compile(r"[\x00-\x1f\x7f\ue000\ue001]+")


def plain_text(html_text: str, limit: int = 30_000) -> str:
    """What a reader sees of rendered Markdown, as text: no tags, no Markdown syntax, no control characters
    (so nothing in it can pass for the highlight marks)."""
    text = html.unescape(nh3.clean(str(html_text or ""), tags=set()))
    text = " ".join(_CONTROL.sub(" ", text).split())[:limit]
    # ts_headline drops what looks like a tag; what someone wrote as text ("<b>" in code) stays text.
    return text.replace("<", LT).replace(">", GT)


def _window(text: str, query: str) -> str:
    """The part of a long text from just before the first word that starts like one searched for."""
    if len(text) <= SNIPPET_WINDOW:
        return text
    # Word beginnings stand in for stems ("firmw" finds "firmware"); words to leave out (-word) are skipped.
    wanted = " ".join(word for word in query.split() if not word.startswith("-"))
    starts = sorted({word[:5] for word in re.findall(r"\w{3,}", wanted)})
    found = re.search(r"\b(?:" + "|".join(map(re.escape, starts)) + ")", text, re.I) if starts else None
    begin = max(0, found.start() - SNIPPET_WINDOW // 5) if found else 0
    return text[begin : begin + SNIPPET_WINDOW]


def highlight(results: list[Result], query: str) -> None:
    """Cut each snippet to the passages with the query's words, marked (ts_headline; escaped here)."""
    if not results:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT ts_headline(cfg, s, websearch_to_tsquery(cfg, %(q)s),
                   'MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … ",
                    StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=false')
            FROM unnest(%(snippets)s::text[], %(langs)s::text[]) WITH ORDINALITY AS x(s, lang, n),
                 LATERAL (SELECT CASE lang WHEN 'de' THEN 'german' ELSE 'english' END::regconfig AS cfg) c
            ORDER BY n
            """,  # nosec B608  # SQL from constants: model table names, fixed configurations; values are parameters
            {
                "q": query,
                "snippets": [_window(str(r.snippet), query) for r in results],
                "langs": [r.language for r in results],
            },
        )
        for result, (marked,) in zip(results, cursor.fetchall(), strict=True):
            # Everything is escaped first; only our own marks, from characters the text cannot hold, become tags.
            escaped = html.escape(marked).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
            escaped = escaped.replace(LT, "&lt;").replace(GT, "&gt;")
            result.snippet = SafeString(escaped)  # nosec B703  # escaped text with only our own <mark> tags (highlight)


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
            """,  # nosec B608  # SQL from constants: model table names, fixed configurations; values are parameters
            [words],
        )
        replacements = {word: better for word, better, known in cursor.fetchall() if better and not known}
    if not replacements:
        return ""
    return " ".join(replacements.get(word.lower(), word) for word in query.split())
