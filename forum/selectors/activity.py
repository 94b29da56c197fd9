"""What people did in the forum over a time, for the apps that weigh it (the super-user program)."""

from dataclasses import dataclass
from datetime import datetime

from django.db import connection

_LATEST = """
SELECT greatest((SELECT max(created_at) FROM forum_question), (SELECT max(created_at) FROM forum_answer))
"""


def latest_post_at() -> datetime | None:
    """When the newest question or answer was written (None in an empty forum): one query."""
    with connection.cursor() as cursor:
        cursor.execute(_LATEST)
        return cursor.fetchone()[0]


@dataclass(frozen=True)
class Helpfulness:
    """What one person did for others in the forum over a time."""

    accepted_answers: int  # accepted on someone else's question
    upvotes: int  # up votes their posts got, an imported post's score standing in for voters it came without
    median_first_answer_minutes: float | None  # how quickly they gave a question its first answer
    active_days: int  # days with a question, answer or reply of theirs


def helpfulness(since: datetime) -> dict[int, Helpfulness]:
    """Everyone who wrote, got votes or had answers accepted since then, by user id (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(_HELPFULNESS, {"since": since})
        rows = cursor.fetchall()
    return {
        user_id: Helpfulness(
            accepted_answers=accepted,
            upvotes=upvotes,
            median_first_answer_minutes=float(median) if median is not None else None,
            active_days=days,
        )
        for user_id, accepted, upvotes, median, days in rows
    }


_HELPFULNESS = """
WITH accepted AS (
    SELECT a.author_id AS id, count(*) AS n FROM forum_answer a JOIN forum_question q ON q.id = a.question_id
    WHERE a.is_accepted AND a.accepted_at >= %(since)s AND q.author_id <> a.author_id GROUP BY a.author_id
),
upvotes AS (
    SELECT id, sum(n)::bigint AS n FROM (
        SELECT coalesce(a.author_id, q.author_id) AS id, count(*) AS n
        FROM forum_vote v LEFT JOIN forum_answer a ON a.id = v.answer_id
        LEFT JOIN forum_question q ON q.id = v.question_id
        WHERE v.value = 1 AND v.created_at >= %(since)s GROUP BY 1
        -- An imported post's votes came without voters: its score stands for them.
        UNION ALL SELECT author_id, sum(imported_score) FROM forum_answer
        WHERE imported_score > 0 AND deleted_at IS NULL AND created_at >= %(since)s GROUP BY 1
        UNION ALL SELECT author_id, sum(imported_score) FROM forum_question
        WHERE imported_score > 0 AND deleted_at IS NULL AND created_at >= %(since)s GROUP BY 1
    ) x GROUP BY id
),
firsts AS (
    SELECT DISTINCT ON (a.question_id) a.question_id, a.author_id,
           extract(epoch FROM a.created_at - q.created_at) / 60 AS minutes
    FROM forum_answer a JOIN forum_question q ON q.id = a.question_id
    WHERE a.deleted_at IS NULL AND q.created_at >= %(since)s
    ORDER BY a.question_id, a.created_at
),
speed AS (
    SELECT author_id AS id, percentile_cont(0.5) WITHIN GROUP (ORDER BY minutes) AS median FROM firsts GROUP BY 1
),
activity AS (
    SELECT id, count(DISTINCT day) AS days FROM (
        SELECT author_id AS id, created_at::date AS day FROM forum_question WHERE created_at >= %(since)s
        UNION ALL SELECT author_id, created_at::date FROM forum_answer WHERE created_at >= %(since)s
        UNION ALL SELECT author_id, created_at::date FROM forum_reply WHERE created_at >= %(since)s
    ) x GROUP BY id
),
people AS (SELECT id FROM accepted UNION SELECT id FROM upvotes UNION SELECT id FROM activity)
SELECT p.id, coalesce(ac.n, 0), coalesce(up.n, 0), sp.median, coalesce(act.days, 0)
FROM people p
LEFT JOIN accepted ac ON ac.id = p.id LEFT JOIN upvotes up ON up.id = p.id LEFT JOIN speed sp ON sp.id = p.id
LEFT JOIN activity act ON act.id = p.id
WHERE coalesce(ac.n, 0) + coalesce(up.n, 0) + coalesce(act.days, 0) > 0
"""


def mutual_upvotes(since: datetime, minimum: int, limit: int = 50) -> list[tuple[int, int, int, int]]:
    """Pairs of people who voted each other up at least `minimum` times since then, most first (one query).

    Each row is (first, second, first's up votes for second, second's up votes for first), first < second.
    """
    with connection.cursor() as cursor:
        cursor.execute(_MUTUAL_UPVOTES, [since, minimum, limit])
        return cursor.fetchall()


_MUTUAL_UPVOTES = """
    WITH ups AS (
        SELECT v.user_id AS voter, coalesce(a.author_id, q.author_id) AS author
        FROM forum_vote v LEFT JOIN forum_answer a ON a.id = v.answer_id
        LEFT JOIN forum_question q ON q.id = v.question_id
        WHERE v.value = 1 AND v.created_at >= %s
    ),
    directed AS (SELECT voter, author, count(*) AS n FROM ups GROUP BY voter, author)
    SELECT d1.voter, d1.author, d1.n, d2.n FROM directed d1
    JOIN directed d2 ON d2.voter = d1.author AND d2.author = d1.voter
    WHERE d1.voter < d1.author AND d1.n + d2.n >= %s
    ORDER BY d1.n + d2.n DESC LIMIT %s
"""
