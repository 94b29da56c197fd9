"""Ranking: BM25 over the stored postings, blended with trigram similarity of titles.

PostgreSQL's own ts_rank ranks whole-question queries far below BM25 (see bench/search_quality.py),
so the index keeps BM25 statistics: term frequencies per weight, token counts per weight. A
document's score is BM25F-style (weighted term frequencies and lengths), normalised by the best
score of the query, plus the trigram similarity of its title to the query's title, plus small
boosts for solved questions and articles (they answer, open threads only ask).

A thread is one result: its best score, shown as its knowledge-base article where it has one. A
question closed as a duplicate ranks just below its original when both are found.
"""

from dataclasses import dataclass

from django.db import connection

from ..models import Article, Category, Question, SearchDocument, SearchPosting
from . import words

# Tuned on the dev splits of se-dupes-small and covid-qa-de (bench/search_quality.py); the neighbourhood
# of these values scores alike, so they are not fitted to a lucky corner.
K1, B = 1.6, 0.75
WEIGHT_A, WEIGHT_B, WEIGHT_C = 3.0, 1.0, 0.4  # title and tags, question and accepted answer, other answers
TITLE_SIMILARITY = 0.5
SOLVED_BOOST, ARTICLE_BOOST = 0.05, 0.1
CANDIDATES = 200
# German query words of more than 7 letters also match the documents' words they begin with, at half weight:
# on covid-qa-de's dev split 7 to 8 letters and 0.5 to 0.7 score alike (MRR .357-.367, R@10 .553-.565).
SHORTEST_BEGINNING, BEGINNING_WEIGHT = 7, 0.5
TEXT = {"english": "text", "german": "text_de"}  # which parameter of `query_texts` each configuration reads


@dataclass(frozen=True)
class Hit:
    document_id: int
    kind: str
    object_id: int
    thread_id: int | None
    title: str
    score: float
    duplicate_of: int | None = None


def query_terms(text: str, language: str | None = None) -> dict[str, int]:
    """The stemmed words of a query with how often each occurs, in the given language's configuration
    or in both (a word repeated in a question matters more, as in BM25's own formula)."""
    with connection.cursor() as cursor:
        cursor.execute(_terms_sql(language, beginnings=False), query_texts(text, language))
        return {lexeme: int(count) for lexeme, count in cursor.fetchall()}


def query_lexemes(text: str, language: str | None = None) -> list[str]:
    return list(query_terms(text, language))


def query_texts(text: str, language: str | None) -> dict[str, str]:
    """The parameters `_terms_sql` reads: the text, and for the German configuration the text followed by
    the parts of its compounds, as German documents are indexed (words.py). Only for a query known to be
    German: English words split as German ones too ("timestamps": "timest amps"), and on a query of
    either language that cost se-dupes-small's dev split a duplicate from the top 5 and .004 of MRR."""
    return {"text": text, "text_de": words.expand(text, "de") if language == "de" else text}


def _configs(language: str | None) -> list[str]:
    return ["german"] if language == "de" else ["english"] if language == "en" else ["english", "german"]


def _terms_sql(language: str | None, *, beginnings: bool = True) -> str:
    """The terms of `query_terms`, computed inside the ranking's own statement (one round trip, not two).

    With `beginnings`, a long word of a German query also stands for the words it begins with, at a lower
    weight: "Krankheitsverlauf" finds "Krankheit", where the dictionary knows no split (a misspelt or new
    word) or the document has the modifier alone. Only for a query known to be German, as the parts are.
    """
    each = [
        f"SELECT lexeme, array_length(positions, 1) AS n FROM unnest(to_tsvector('{config}', %({TEXT[config]})s))"
        for config in _configs(language)
    ]
    if beginnings and language == "de":
        each.append(
            f"SELECT left(lexeme, k), {BEGINNING_WEIGHT} FROM unnest(to_tsvector('german', %(text_de)s)), "
            f"generate_series({SHORTEST_BEGINNING}, length(lexeme) - 1) k WHERE length(lexeme) > {SHORTEST_BEGINNING}"
        )
    # A word's own count (1 or more) outweighs its standing for a longer one (BEGINNING_WEIGHT).
    return (
        f"SELECT lexeme, max(coalesce(n, 1))::float AS qtf FROM ({' UNION ALL '.join(each)}) w "
        "WHERE length(lexeme) <= 100 GROUP BY lexeme"
    )


def scope(filters: dict, alias: str = "d") -> tuple[str, dict]:
    """A WHERE clause for the documents (as `alias`) the filters allow, and its parameters."""
    clauses, params = ["TRUE"], {}
    if filters.get("category_ids") is not None:
        clauses.append(f"{alias}.category_id = ANY(%(category_ids)s)")
        params["category_ids"] = list(filters["category_ids"])
    if filters.get("audiences") is not None:
        # Categories these readers may see, decided by the database at the time of the query.
        categories = Category._meta.db_table
        clauses.append(
            f"{alias}.category_id IN (SELECT c.id FROM {categories} c WHERE c.audience = ANY(%(audiences)s))"
        )
        params["audiences"] = list(filters["audiences"])
    if filters.get("kinds"):
        clauses.append(f"{alias}.kind = ANY(%(kinds)s)")
        params["kinds"] = list(filters["kinds"])
    if filters.get("exclude_document") is not None:
        clauses.append(f"{alias}.id <> %(exclude_document)s")
        params["exclude_document"] = filters["exclude_document"]
    if filters.get("exclude_question") is not None:
        clauses.append(f"{alias}.thread_id IS DISTINCT FROM %(exclude_question)s")
        params["exclude_question"] = filters["exclude_question"]
    if filters.get("solved") is not None:
        clauses.append(f"{alias}.is_solved" if filters["solved"] else f"NOT {alias}.is_solved")
    if filters.get("tag_id") is not None:
        clauses.append(f"%(tag_id)s = ANY({alias}.tag_ids)")
        params["tag_id"] = filters["tag_id"]
    if filters.get("since"):
        clauses.append(f"{alias}.created_at >= %(since)s")
        params["since"] = filters["since"]
    if filters.get("until"):
        clauses.append(f"{alias}.created_at < %(until)s::date + 1")
        params["until"] = filters["until"]
    return " AND ".join(clauses), params


def _live(filters: dict, alias: str = "d") -> str:
    """With `live`, only documents whose post is there now: the index follows posts after each commit, and
    a page that must never list a deleted or hidden post does not rely on that having happened."""
    if not filters.get("live"):
        return "TRUE"
    solved = " AND lq.is_solved" if filters.get("solved") else ""
    questions, articles = Question._meta.db_table, Article._meta.db_table
    return (
        f"CASE {alias}.kind WHEN 'question' THEN EXISTS (SELECT 1 FROM {questions} lq "
        f"WHERE lq.id = {alias}.object_id AND lq.deleted_at IS NULL{solved}) "
        f"ELSE EXISTS (SELECT 1 FROM {articles} la WHERE la.id = {alias}.object_id AND la.status = 'published') END"
    )


def rank(title: str, body: str = "", *, language: str | None = None, limit: int = 10, **filters) -> list[Hit]:
    """The documents most like a question (its title, and its text if any), best first."""
    text = f"{title} {body}" if body else title
    where, params = scope(filters)
    params.update(
        **query_texts(text, language),
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
    -- Materialised: inlined, it was computed again for every posting of the query (seconds over all categories).
    stats AS MATERIALIZED (SELECT count(*)::float AS n, greatest(avg(dl), 1) AS avgdl FROM scope),
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
    best AS (SELECT greatest(max(score), 1e-9) AS top FROM bm25),
    scored AS (
        SELECT d.id, d.kind, d.object_id, d.thread_id, d.title, d.duplicate_of,
               coalesce(bm25.score, 0) / best.top
               + %(sim)s * word_similarity(%(title)s, d.title)
               + CASE WHEN d.is_solved THEN %(solved)s ELSE 0 END
               + CASE WHEN d.kind = 'article' THEN %(article)s ELSE 0 END AS score
        FROM candidates c JOIN {documents} d ON d.id = c.id
        LEFT JOIN bm25 ON bm25.id = c.id CROSS JOIN best
        WHERE {_live(filters)}
    ),
    {one_per_thread(filters, demote_duplicates=True)}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, {**params, "limit": limit})
        return [Hit(*row) for row in cursor.fetchall()]


@dataclass(frozen=True)
class Evidence:
    """How much of a query a document answers, on scales that mean the same for every query (a Hit's score
    is relative to the best of its query, so it cannot tell a good best from a poor one)."""

    bm25: float  # the document's BM25 for the query over the whole index (not normalised)
    coverage: float  # share of the query's weight (its terms' idf times count) the document contains, 0 to 1


def evidence(text: str, document_ids: list[int], *, language: str | None = None) -> dict[int, Evidence]:
    """Evidence for some documents a ranking found (a confidence is built on it); one query, whole-index
    statistics, documents not found are left out."""
    if not document_ids:
        return {}
    documents, postings = SearchDocument._meta.db_table, SearchPosting._meta.db_table
    sql = f"""
    WITH terms AS ({_terms_sql(language)}),
    stats AS (
        SELECT count(*)::float AS n,
               greatest(avg(length_a * %(wa)s + length_b * %(wb)s + length_c * %(wc)s), 1) AS avgdl
        FROM {documents}
    ),
    weights AS (
        SELECT t.lexeme, t.qtf * ln(1 + (stats.n - f.df + 0.5) / (f.df + 0.5)) AS weight
        FROM terms t CROSS JOIN stats
        CROSS JOIN LATERAL (SELECT count(*)::float AS df FROM {postings} p WHERE p.lexeme = t.lexeme) f
    ),
    total AS (SELECT greatest(sum(weight), 1e-9) AS weight FROM weights)
    SELECT d.id,
           coalesce(sum(w.weight * tf.tf * (%(k1)s + 1)
                        / (tf.tf + %(k1)s * (1 - %(b)s + %(b)s * d.dl / stats.avgdl))), 0),
           coalesce(sum(w.weight), 0) / total.weight
    FROM (SELECT d.id, d.length_a * %(wa)s + d.length_b * %(wb)s + d.length_c * %(wc)s AS dl
          FROM {documents} d WHERE d.id = ANY(%(ids)s)) d
    CROSS JOIN stats CROSS JOIN total
    LEFT JOIN LATERAL (
        SELECT p.lexeme, p.tf_a * %(wa)s + p.tf_b * %(wb)s + p.tf_c * %(wc)s AS tf
        FROM {postings} p WHERE p.document_id = d.id
    ) tf ON TRUE
    LEFT JOIN weights w ON w.lexeme = tf.lexeme
    GROUP BY d.id, total.weight
    """
    params = {**query_texts(text, language), "ids": list(document_ids), "k1": K1, "b": B}
    params.update(wa=WEIGHT_A, wb=WEIGHT_B, wc=WEIGHT_C)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0]: Evidence(bm25=row[1], coverage=min(row[2], 1.0)) for row in cursor.fetchall()}


def one_per_thread(filters: dict, *, demote_duplicates: bool) -> str:
    """The end of a ranking query whose CTE `scored` (id, kind, object_id, thread_id, title, duplicate_of,
    score) holds the documents found: the best `%(limit)s` as Hit rows, a thread once.

    A thread's score is the best of its documents (its question's, its article's), and it is shown as its
    article where it has one the filters allow, even when only the question was found. With
    `demote_duplicates` a question closed as a duplicate scores just below its original when both are
    found: the original is the answer, the duplicate only another wording of the question.
    """
    documents = SearchDocument._meta.db_table
    article_where, _ = scope(filters, alias="a")
    rank = (
        "CASE WHEN t.original IS NULL OR t.original_best IS NULL THEN t.best "
        "ELSE least(t.best, t.original_best - 1e-6) END"
        if demote_duplicates
        else "t.best"
    )
    return f"""
    threads AS (
        SELECT DISTINCT ON (thread) *
        FROM (
            SELECT s.*, coalesce(s.thread_id, -s.id) AS thread,
                   max(s.score) OVER w AS best, max(s.duplicate_of) OVER w AS original,
                   bool_or(s.kind = 'article') OVER w AS has_article
            FROM scored s WINDOW w AS (PARTITION BY coalesce(s.thread_id, -s.id))
        ) x
        ORDER BY thread, kind = 'article' DESC
    ),
    ranked AS (
        SELECT t.*, {rank} AS rank
        FROM (
            -- A duplicate and its original are one family; the original's score is the family's ceiling.
            SELECT t.*, max(t.best) FILTER (WHERE t.original IS NULL) OVER (PARTITION BY coalesce(t.original, t.thread))
                        AS original_best
            FROM threads t
        ) t
        ORDER BY rank DESC, t.id LIMIT %(limit)s
    )
    SELECT coalesce(a.id, r.id), coalesce(a.kind, r.kind), coalesce(a.object_id, r.object_id), r.thread_id,
           coalesce(a.title, r.title), r.rank, r.original
    FROM ranked r
    LEFT JOIN LATERAL (
        SELECT a.id, a.kind, a.object_id, a.title FROM {documents} a
        WHERE NOT r.has_article AND r.thread > 0 AND a.kind = 'article' AND a.thread_id = r.thread
              AND {article_where} AND {_live(filters, alias="a")}
        LIMIT 1
    ) a ON TRUE
    ORDER BY r.rank DESC, r.id
    """
