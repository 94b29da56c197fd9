"""Trends: the words and tags people write about far more this week than in the four weeks before.

Each public question, answer and reply of the five weeks is split into stemmed lexemes with the forum's
search configurations ('german' for German threads, 'english' otherwise), so "Störung" and "Störungen"
count as one term. A term is counted once per post. The PostgreSQL docs' `ts_stat` does the same count,
but takes its query as text; unnesting each post's tsvector keeps the query parameterised and also tells
which threads a term came from.

A term trends when it appears in at least MIN_COUNT posts this week and its count this week is at least
MIN_RATIO times its weekly average before, both smoothed by one (a term never seen before needs the
minimum count, not a division by zero).
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection
from django.utils import timezone

from forum.models import Question

WEEK = timedelta(days=7)
BASELINE_WEEKS = 4
MIN_COUNT = 3
MIN_RATIO = 3.0
MIN_LENGTH = 3  # shorter lexemes are mostly noise ("de", "ok", version numbers)
THREADS_PER_TERM = 3


@dataclass
class Trend:
    term: str  # the stemmed lexeme, or the tag's name
    is_tag: bool
    this_week: int
    weekly_before: float  # the average per week over the baseline
    ratio: float
    question_ids: list[int]
    threads: list[Question] = field(default_factory=list)
    word: str = ""  # how people wrote it: the commonest spelling in its threads that stems to the term

    def __post_init__(self) -> None:
        self.word = self.word or self.term


_POSTS = """
    WITH posts AS (
        SELECT q.id AS question_id, q.language, q.title || ' ' || q.body AS text, q.created_at
          FROM forum_question q
         WHERE q.deleted_at IS NULL AND q.removal = '' AND q.created_at >= %(start)s AND q.created_at < %(now)s
               {category}
        UNION ALL
        SELECT q.id, q.language, a.body, a.created_at
          FROM forum_answer a JOIN forum_question q ON q.id = a.question_id
         WHERE a.deleted_at IS NULL AND a.removal = '' AND q.deleted_at IS NULL AND q.removal = ''
               AND a.created_at >= %(start)s AND a.created_at < %(now)s {category}
        UNION ALL
        SELECT q.id, q.language, r.body, r.created_at
          FROM forum_reply r JOIN forum_question q ON q.id = r.question_id
         WHERE r.deleted_at IS NULL AND r.removal = '' AND q.deleted_at IS NULL AND q.removal = ''
               AND r.created_at >= %(start)s AND r.created_at < %(now)s {category}
    )
"""

_TERMS = (
    _POSTS  # noqa: S608  (constant SQL; the only variable part is a fixed category condition)
    + """
    , words AS (
        SELECT p.question_id, p.created_at >= %(week)s AS recent, lexeme
          FROM posts p,
               LATERAL unnest(to_tsvector(
                   CASE p.language WHEN 'de' THEN 'german' ELSE 'english' END::regconfig, p.text
               )) AS lexemes(lexeme, positions, weights)
         WHERE length(lexeme) >= %(min_length)s AND lexeme !~ '^[0-9._/-]+$'
    )
    SELECT lexeme,
           count(*) FILTER (WHERE recent) AS now,
           count(*) FILTER (WHERE NOT recent) AS before,
           (array_agg(DISTINCT question_id) FILTER (WHERE recent))[1:%(threads)s] AS question_ids
      FROM words
     GROUP BY lexeme
    HAVING count(*) FILTER (WHERE recent) >= %(min_count)s
"""
)

_TAGS = """
    SELECT lower(t.name),
           count(*) FILTER (WHERE q.created_at >= %(week)s) AS now,
           count(*) FILTER (WHERE q.created_at < %(week)s) AS before,
           (array_agg(DISTINCT q.id) FILTER (WHERE q.created_at >= %(week)s))[1:%(threads)s] AS question_ids
      FROM forum_question q
      JOIN taggit_taggeditem ti ON ti.object_id = q.id AND ti.content_type_id = %(question_type)s
      JOIN taggit_tag t ON t.id = ti.tag_id
     WHERE q.deleted_at IS NULL AND q.removal = '' AND q.created_at >= %(start)s AND q.created_at < %(now)s
           {category}
     GROUP BY lower(t.name)
    HAVING count(*) FILTER (WHERE q.created_at >= %(week)s) >= %(min_count)s
"""


def _score(rows, *, is_tag: bool) -> list[Trend]:
    trends = []
    for term, now, before, question_ids in rows:
        weekly = before / BASELINE_WEEKS
        ratio = (now + 1) / (weekly + 1)
        if ratio >= MIN_RATIO:
            trends.append(Trend(term, is_tag, now, weekly, ratio, sorted(question_ids or [], reverse=True)))
    return trends


def trending_terms(now: datetime | None = None, category=None, limit: int = 20) -> list[Trend]:
    """Terms and tags whose count this week stands out against the four weeks before, the strongest first,
    each with a few of the threads behind it (three queries, whatever the number of posts)."""
    from django.contrib.contenttypes.models import ContentType

    now = now or timezone.now()
    week = now - WEEK
    params = {
        "now": now,
        "week": week,
        "start": week - BASELINE_WEEKS * WEEK,
        "min_length": MIN_LENGTH,
        "min_count": MIN_COUNT,
        "threads": THREADS_PER_TERM,
        "question_type": ContentType.objects.get_for_model(Question).pk,
        "category_id": getattr(category, "pk", category),
    }
    where = "AND q.category_id = %(category_id)s" if category is not None else ""
    with connection.cursor() as cursor:
        cursor.execute(_TERMS.format(category=where), params)
        trends = _score(cursor.fetchall(), is_tag=False)
        cursor.execute(_TAGS.format(category=where), params)
        trends += _score(cursor.fetchall(), is_tag=True)
    trends.sort(key=lambda t: (-t.ratio, -t.this_week, t.term))
    trends = trends[:limit]
    wanted = {pk for trend in trends for pk in trend.question_ids}
    questions = Question.objects.only("id", "title", "body", "language").in_bulk(wanted) if wanted else {}
    for trend in trends:
        trend.threads = [questions[pk] for pk in trend.question_ids if pk in questions]
    _name_terms([trend for trend in trends if not trend.is_tag])
    return trends


_WORD = re.compile(r"\w[\w-]*\w|\w")


def _name_terms(trends: list[Trend]) -> None:
    """Give each stemmed term the spelling its threads use most ("Störungen" for "stor"): one query that stems
    the words of those threads' questions as the search does."""
    spellings: dict[str, Counter] = {}
    for trend in trends:
        for question in trend.threads:
            config = "german" if question.language == "de" else "english"
            for word in _WORD.findall(f"{question.title} {question.body}"):
                spellings.setdefault(config, Counter())[word] += 1
    pairs = [(config, word) for config, words in spellings.items() for word in words]
    if not pairs:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c, w, (SELECT array_agg(lexeme) FROM unnest(to_tsvector(c::regconfig, w)))"
            "  FROM unnest(%s::text[], %s::text[]) AS pairs(c, w)",
            [[config for config, _ in pairs], [word for _, word in pairs]],
        )
        stems = cursor.fetchall()
    for trend in trends:
        candidates = Counter()
        for config, word, lexemes in stems:
            if lexemes and trend.term in lexemes:
                candidates[word] += spellings[config][word]
        if candidates:
            trend.word = candidates.most_common(1)[0][0]
