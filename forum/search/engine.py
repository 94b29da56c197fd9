"""Ranking: BM25 over the stored postings, blended with trigram similarity of titles.

PostgreSQL's own ts_rank ranks whole-question queries far below BM25 (see bench/search_quality.py),
so the index keeps BM25 statistics: term frequencies per weight, token counts per weight. A
document's score is BM25F-style (weighted term frequencies and lengths), normalised by the best
score of the query, plus the trigram similarity of its title to the query's title, plus small
boosts for solved questions and articles (they answer, open threads only ask).
"""

from dataclasses import dataclass

from django.db import connection

from ..models import Article, Category, Question, SearchDocument, SearchPosting

# Tuned on the dev splits of se-dupes-small and covid-qa-de (bench/search_quality.py); the neighbourhood
# of these values scores alike, so they are not fitted to a lucky corner.
K1, B = 1.6, 0.75
WEIGHT_A, WEIGHT_B, WEIGHT_C = 3.0, 1.0, 0.4  # title and tags, question and accepted answer, other answers
TITLE_SIMILARITY = 0.5
SOLVED_BOOST, ARTICLE_BOOST = 0.05, 0.1
CANDIDATES = 200


@dataclass(frozen=True)
class Hit:
    document_id: int
    kind: str
    object_id: int
    thread_id: int | None
    title: str
    score: float


def query_terms(text: str, language: str | None = None) -> dict[str, int]:
    """The stemmed words of a query with how often each occurs, in the given language's configuration
    or in both (a word repeated in a question matters more, as in BM25's own formula)."""
    configs = _configs(language)
    parts = " UNION ALL ".join(
        f"SELECT lexeme, array_length(positions, 1) FROM unnest(to_tsvector('{config}', %s))" for config in configs
    )
    terms: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(parts, [text] * len(configs))
        for lexeme, count in cursor.fetchall():
            if len(lexeme) <= 100:
                terms[lexeme] = max(terms.get(lexeme, 0), count or 1)
    return terms


def query_lexemes(text: str, language: str | None = None) -> list[str]:
    return list(query_terms(text, language))


def _configs(language: str | None) -> list[str]:
    return ["german"] if language == "de" else ["english"] if language == "en" else ["english", "german"]


def _terms_sql(language: str | None) -> str:
    """The terms of `query_terms`, computed inside the ranking's own statement (one round trip, not two)."""
    words = " UNION ALL ".join(
        f"SELECT lexeme, array_length(positions, 1) AS n FROM unnest(to_tsvector('{config}', %(text)s))"
        for config in _configs(language)
    )
    return (
        f"SELECT lexeme, max(coalesce(n, 1))::float AS qtf FROM ({words}) w WHERE length(lexeme) <= 100 GROUP BY lexeme"
    )


def _scope(filters: dict) -> tuple[str, dict]:
    clauses, params = ["TRUE"], {}
    if filters.get("category_ids") is not None:
        clauses.append("d.category_id = ANY(%(category_ids)s)")
        params["category_ids"] = list(filters["category_ids"])
    if filters.get("audiences") is not None:
        # Categories these readers may see, decided by the database at the time of the query.
        categories = Category._meta.db_table
        clauses.append(f"d.category_id IN (SELECT c.id FROM {categories} c WHERE c.audience = ANY(%(audiences)s))")
        params["audiences"] = list(filters["audiences"])
    if filters.get("kinds"):
        clauses.append("d.kind = ANY(%(kinds)s)")
        params["kinds"] = list(filters["kinds"])
    if filters.get("exclude_document") is not None:
        clauses.append("d.id <> %(exclude_document)s")
        params["exclude_document"] = filters["exclude_document"]
    if filters.get("exclude_question") is not None:
        clauses.append("d.thread_id IS DISTINCT FROM %(exclude_question)s")
        params["exclude_question"] = filters["exclude_question"]
    if filters.get("solved") is not None:
        clauses.append("d.is_solved" if filters["solved"] else "NOT d.is_solved")
    if filters.get("tag_id") is not None:
        clauses.append("%(tag_id)s = ANY(d.tag_ids)")
        params["tag_id"] = filters["tag_id"]
    if filters.get("since"):
        clauses.append("d.created_at >= %(since)s")
        params["since"] = filters["since"]
    if filters.get("until"):
        clauses.append("d.created_at < %(until)s::date + 1")
        params["until"] = filters["until"]
    return " AND ".join(clauses), params


def _live(filters: dict) -> str:
    """With `live`, only documents whose post is there now: the index follows posts after each commit, and
    a page that must never list a deleted or hidden post does not rely on that having happened."""
    if not filters.get("live"):
        return "TRUE"
    solved = " AND q.is_solved" if filters.get("solved") else ""
    questions, articles = Question._meta.db_table, Article._meta.db_table
    return (
        f"CASE d.kind WHEN 'question' THEN EXISTS (SELECT 1 FROM {questions} q "
        f"WHERE q.id = d.object_id AND q.deleted_at IS NULL{solved}) "
        f"ELSE EXISTS (SELECT 1 FROM {articles} a WHERE a.id = d.object_id AND a.status = 'published') END"
    )


def rank(title: str, body: str = "", *, language: str | None = None, limit: int = 10, **filters) -> list[Hit]:
    """The documents most like a question (its title, and its text if any), best first."""
    text = f"{title} {body}" if body else title
    where, params = _scope(filters)
    params.update(
        text=text,
        title=title[:300],
        k1=K1,
        b=B,
        wa=WEIGHT_A,
        wb=WEIGHT_B,
        wc=WEIGHT_C,
        candidates=CANDIDATES,
        sim=TITLE_SIMILARITY,
        solved=SOLVED_BOOST,
        article=ARTICLE_BOOST,
        limit=limit,
    )
    documents, postings = SearchDocument._meta.db_table, SearchPosting._meta.db_table
    sql = f"""
    WITH scope AS (
        SELECT d.id, d.length_a * %(wa)s + d.length_b * %(wb)s + d.length_c * %(wc)s AS dl
        FROM {documents} d WHERE {where}
    ),
    stats AS (SELECT count(*)::float AS n, greatest(avg(dl), 1) AS avgdl FROM scope),
    terms AS ({_terms_sql(language)}),
    post AS (
        SELECT p.document_id, p.lexeme, p.tf_a * %(wa)s + p.tf_b * %(wb)s + p.tf_c * %(wc)s AS tf, s.dl, t.qtf
        FROM {postings} p JOIN terms t ON t.lexeme = p.lexeme JOIN scope s ON s.id = p.document_id
    ),
    df AS (SELECT lexeme, count(*)::float AS df FROM post GROUP BY lexeme),
    bm25 AS (
        SELECT post.document_id AS id,
               sum(post.qtf * ln(1 + (stats.n - df.df + 0.5) / (df.df + 0.5))
                   * post.tf * (%(k1)s + 1) / (post.tf + %(k1)s * (1 - %(b)s + %(b)s * post.dl / stats.avgdl))) AS score
        FROM post JOIN df USING (lexeme) CROSS JOIN stats
        GROUP BY post.document_id
        ORDER BY score DESC LIMIT %(candidates)s
    ),
    by_title AS (
        SELECT d.id FROM {documents} d
        WHERE {where} AND %(title)s <%% d.title
        ORDER BY %(title)s <<-> d.title LIMIT 50
    ),
    candidates AS (SELECT id FROM bm25 UNION SELECT id FROM by_title),
    best AS (SELECT greatest(max(score), 1e-9) AS top FROM bm25)
    SELECT d.id, d.kind, d.object_id, d.thread_id, d.title,
           coalesce(bm25.score, 0) / best.top
           + %(sim)s * word_similarity(%(title)s, d.title)
           + CASE WHEN d.is_solved THEN %(solved)s ELSE 0 END
           + CASE WHEN d.kind = 'article' THEN %(article)s ELSE 0 END AS score
    FROM candidates c JOIN {documents} d ON d.id = c.id
    LEFT JOIN bm25 ON bm25.id = c.id CROSS JOIN best
    WHERE {_live(filters)}
    ORDER BY score DESC, d.id
    LIMIT %(limit)s
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, {**params, "limit": limit * 2})
        hits = [Hit(*row) for row in cursor.fetchall()]
    # A thread once: its article (which ranks above it) or the question itself.
    seen: set[int] = set()
    unique = []
    for hit in hits:
        if hit.thread_id is not None and hit.thread_id in seen:
            continue
        if hit.thread_id is not None:
            seen.add(hit.thread_id)
        unique.append(hit)
    return unique[:limit]
