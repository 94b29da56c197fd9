"""Which solved threads and knowledge-base articles may answer a new question, and how sure that is.

The ranking is the one the ask page's suggestions use (forum.search.similar.similar_documents). Its scores
are relative to the best hit of each query, so they say which hit is best, not whether it answers. Each of
the three best hits gets features that may say so: its distance to the best and to the next hit, its place,
the share of the question's weight (by inverse document frequency) its document contains, in its title and
at all, its title's likeness to the question's. A logistic model turns the ones it weighs into the
probability that the hit is the thread the question duplicates; its weights and the thresholds per language
are in calibration.json, fitted on the dev splits of se-dupes-small and covid-qa-de by
`bench/instant_answers.py --fit` (which says which features earned their place).
"""

import json
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.db import connection

from ..models import Category, SearchDocument, SearchPosting
from ..search import engine
from ..search.similar import similar_documents

CALIBRATION = Path(__file__).with_name("calibration.json")
CONSIDERED = 5  # hits ranked; the best three may be offered, the others give the margins
OFFERED = 3
BODY_CHARS = 2000


@dataclass
class Candidate:
    kind: str  # "question" or "article"
    object_id: int
    thread_id: int | None
    document_id: int
    title: str
    features: dict[str, float] = field(default_factory=dict)
    confidence: float = 0.0


@cache
def calibration() -> dict:
    return json.loads(CALIBRATION.read_text())


def threshold(language: str) -> float:
    """The confidence the best link needs for a reply in this language (chosen on the dev splits)."""
    return calibration()["thresholds"].get(language, 1.0)


def link_floor(language: str) -> float:
    """The confidence a further link needs to be offered beside the best one."""
    return threshold(language) * calibration()["link_floor_share"]


def public_categories(also: int | None = None) -> list[int]:
    """Categories everyone reads (and `also`, the question's own, whose readers read the thread)."""
    ids = list(Category.objects.filter(audience=Category.Audience.EVERYONE).values_list("pk", flat=True))
    return ids + ([also] if also is not None and also not in ids else [])


def candidates(
    title: str, body: str, *, language: str, category_ids: list[int], exclude_question: int | None = None
) -> list[Candidate]:
    """The best solved threads and articles for a question, each with its features and confidence."""
    body = (body or "")[:BODY_CHARS]
    hits = similar_documents(
        title,
        body,
        language=language,
        category_ids=category_ids,
        limit=CONSIDERED * 2,
        solved=True,
        live=True,
        exclude_question=exclude_question,
    )
    extra = _overlap(f"{title} {body}", title, language, [hit.document_id for hit in hits])
    terms = extra.pop(None)
    # Only what is written in the question's language: a German asker gets no English threads.
    hits = [hit for hit in hits if extra.get(hit.document_id, (None,))[0] == language][:CONSIDERED]
    if not hits:
        return []
    scores = [hit.score for hit in hits]
    found = []
    for position, hit in enumerate(hits[:OFFERED]):
        following = scores[position + 1] if position + 1 < len(scores) else 0.0
        _, coverage, title_coverage, title_likeness = extra[hit.document_id]
        features = {
            "score": hit.score,
            "below_best": scores[0] - hit.score,
            "ahead_of_next": hit.score - following,
            "position": float(position),
            "coverage": coverage,
            "title_coverage": title_coverage,
            "title_likeness": title_likeness,
            "query_terms": math.log1p(terms),
            "article": 1.0 if hit.kind == SearchDocument.Kind.ARTICLE else 0.0,
            "german": 1.0 if language == "de" else 0.0,
        }
        found.append(Candidate(hit.kind, hit.object_id, hit.thread_id, hit.document_id, hit.title, features))
    for candidate in found:
        candidate.confidence = confidence(candidate.features)
    return found


def confidence(features: dict[str, float]) -> float:
    """The calibrated probability that a hit with these features is the thread that answers the question."""
    model = calibration()
    z = model["bias"] + sum(weight * features[name] for name, weight in model["weights"].items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _overlap(text: str, title: str, language: str, document_ids: list[int]) -> dict:
    """Per document: (its language, the share of the query's IDF weight it contains, the same in its title,
    its title's trigram likeness to the question's title); under None, how many terms the query has."""
    terms = list(engine.query_terms(text, language))
    postings, documents = SearchPosting._meta.db_table, SearchDocument._meta.db_table
    sql = f"""
    WITH terms AS (SELECT unnest(%(terms)s::text[]) AS lexeme),
    total AS (SELECT greatest(count(*), 1)::float AS n FROM {documents}),
    weights AS (
        SELECT t.lexeme,
               ln(1 + (total.n - df.n + 0.5) / (df.n + 0.5)) AS idf
        FROM terms t CROSS JOIN total
        CROSS JOIN LATERAL (SELECT count(*)::float AS n FROM {postings} p WHERE p.lexeme = t.lexeme) df
    ),
    mass AS (SELECT greatest(sum(idf), 1e-9) AS m FROM weights)
    SELECT d.id, d.language,
           coalesce((SELECT sum(w.idf) FROM weights w JOIN {postings} p
                     ON p.lexeme = w.lexeme AND p.document_id = d.id), 0) / mass.m,
           coalesce((SELECT sum(w.idf) FROM weights w JOIN {postings} p
                     ON p.lexeme = w.lexeme AND p.document_id = d.id AND p.tf_a > 0), 0) / mass.m,
           word_similarity(%(title)s, d.title)
    FROM {documents} d CROSS JOIN mass
    WHERE d.id = ANY(%(ids)s)
    """  # noqa: S608  (table names come from the models; values are parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, {"terms": terms, "title": title[:300], "ids": document_ids})
        found: dict = {row[0]: (row[1], float(row[2]), float(row[3]), float(row[4])) for row in cursor.fetchall()}
    found[None] = len(terms)
    return found
