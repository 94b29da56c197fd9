"""Writing the search index: one document per question and per article, refreshed when they change.

Everything happens in the caller's transaction: the weighted tsvector (title and tags A, question
text and accepted answer B, other answers C; the German or English configuration by the post's
language, German compounds followed by their parts, see words.py), its token counts per weight,
its postings for BM25, and new words for 'did you mean'. After a change to how words are
expanded, `manage.py reindex` brings the documents written before it in line.
"""

from django.db import connection, transaction

from .. import fragments
from ..models import SearchDocument, SearchPosting, SearchWord
from .words import expand

OTHER_ANSWERS = 10  # the best-voted answers besides the accepted one count, at weight C

_QUESTION = f"""
WITH q AS (
    SELECT q.id, q.title, q.body, q.language, q.category_id, q.is_solved, q.score + q.imported_score AS score,
           q.created_at, q.duplicate_of_id,
           coalesce((SELECT string_agg(t.name, ' ') FROM taggit_taggeditem ti JOIN taggit_tag t ON t.id = ti.tag_id
                     WHERE ti.object_id = q.id AND ti.content_type_id = %(ct)s), '') AS tags,
           coalesce((SELECT array_agg(ti.tag_id) FROM taggit_taggeditem ti
                     WHERE ti.object_id = q.id AND ti.content_type_id = %(ct)s), '{{}}') AS tag_ids,
           coalesce((SELECT string_agg(a.body, ' ') FROM forum_answer a
                     WHERE a.question_id = q.id AND a.is_accepted AND a.deleted_at IS NULL), '') AS accepted,
           coalesce((SELECT string_agg(x.body, ' ') FROM (
                        SELECT a.body FROM forum_answer a
                        WHERE a.question_id = q.id AND NOT a.is_accepted AND a.deleted_at IS NULL
                        ORDER BY a.score + a.imported_score DESC, a.id LIMIT {OTHER_ANSWERS}) x), '') AS others
    FROM forum_question q
    WHERE q.id = %(id)s AND q.deleted_at IS NULL
)
SELECT id, title, language, category_id, is_solved, score, created_at, tag_ids, id AS thread_id, duplicate_of_id,
       title || ' ' || tags, body || ' ' || accepted, others, title || ' ' || body AS words
FROM q
"""

_ARTICLE = """
SELECT a.id, a.title, a.language, a.category_id, true, 0, a.created_at,
       coalesce((SELECT array_agg(ti.tag_id) FROM taggit_taggeditem ti
                 WHERE ti.object_id = a.id AND ti.content_type_id = %(ct)s), '{}'), a.question_id,
       (SELECT q.duplicate_of_id FROM forum_question q WHERE q.id = a.question_id),
       a.title || ' ' || coalesce((
           SELECT string_agg(t.name, ' ') FROM taggit_taggeditem ti JOIN taggit_tag t ON t.id = ti.tag_id
           WHERE ti.object_id = a.id AND ti.content_type_id = %(ct)s), ''),
       a.summary, '', a.title || ' ' || a.summary
FROM forum_article a WHERE a.id = %(id)s AND a.status = 'published'
"""


def configuration(language: str) -> str:
    """The text search configuration of a document's language."""
    return "german" if language == "de" else "english"


def _content_type_id(model) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model).pk


def _write(kind: str, object_id: int, row) -> None:
    document_table, posting_table = SearchDocument._meta.db_table, SearchPosting._meta.db_table
    # Cached rankings end when this write commits (not before: a search in between would cache the old).
    transaction.on_commit(fragments.search_changed)
    with connection.cursor() as cursor:
        if row is None:
            # Postings first: the foreign key is checked at commit, and the database does not cascade.
            cursor.execute(
                f"DELETE FROM {posting_table} WHERE document_id IN "
                f"(SELECT id FROM {document_table} WHERE kind = %s AND object_id = %s)",
                [kind, object_id],
            )
            cursor.execute(f"DELETE FROM {document_table} WHERE kind = %s AND object_id = %s", [kind, object_id])
            return
        _, title, language, category_id, is_solved, score, created_at, tag_ids, thread_id, duplicate_of = row[:10]
        text_a, text_b, text_c, words = row[10:]
        cursor.execute(
            f"""
            INSERT INTO {document_table}
                (kind, object_id, thread_id, duplicate_of, category_id, language, title, vector,
                 length_a, length_b, length_c, tag_ids, is_solved, score, created_at, indexed_at)
            SELECT %(kind)s, %(id)s, %(thread)s, %(duplicate_of)s, %(category)s, %(language)s, left(%(title)s, 200), v,
                   coalesce((SELECT sum((SELECT count(*) FROM unnest(u.weights) w WHERE w = 'A')) FROM unnest(v) u), 0),
                   coalesce((SELECT sum((SELECT count(*) FROM unnest(u.weights) w WHERE w = 'B')) FROM unnest(v) u), 0),
                   coalesce((SELECT sum((SELECT count(*) FROM unnest(u.weights) w WHERE w = 'C')) FROM unnest(v) u), 0),
                   %(tags)s, %(solved)s, %(score)s, %(created)s, now()
            FROM (
                SELECT setweight(to_tsvector(%(config)s::regconfig, %(a)s), 'A')
                       || setweight(to_tsvector(%(config)s::regconfig, %(b)s), 'B')
                       || setweight(to_tsvector(%(config)s::regconfig, %(c)s), 'C') AS v
            ) x
            ON CONFLICT (kind, object_id) DO UPDATE SET
                thread_id = excluded.thread_id, duplicate_of = excluded.duplicate_of,
                category_id = excluded.category_id, language = excluded.language,
                title = excluded.title, vector = excluded.vector, length_a = excluded.length_a,
                length_b = excluded.length_b, length_c = excluded.length_c, tag_ids = excluded.tag_ids,
                is_solved = excluded.is_solved, score = excluded.score, indexed_at = now()
            RETURNING id, (xmax = 0) AS inserted
            """,
            {
                "kind": kind,
                "id": object_id,
                "thread": thread_id,
                "duplicate_of": duplicate_of,
                "category": category_id,
                "language": language,
                "title": title,
                "tags": list(tag_ids or []),
                "solved": is_solved,
                "score": score,
                "created": created_at,
                "config": configuration(language),
                # German compounds stand for their parts too, as they do in queries (words.py).
                "a": expand(text_a, language),
                "b": expand(text_b, language),
                "c": expand(text_c, language),
            },
        )
        document_id, inserted = cursor.fetchone()
        cursor.execute(f"DELETE FROM {posting_table} WHERE document_id = %s", [document_id])
        cursor.execute(
            f"""
            INSERT INTO {posting_table} (document_id, lexeme, tf_a, tf_b, tf_c)
            SELECT d.id, left(u.lexeme, 100),
                   (SELECT count(*) FROM unnest(u.weights) w WHERE w = 'A'),
                   (SELECT count(*) FROM unnest(u.weights) w WHERE w = 'B'),
                   (SELECT count(*) FROM unnest(u.weights) w WHERE w = 'C')
            FROM {document_table} d, unnest(d.vector) u
            WHERE d.id = %s
            """,
            [document_id],
        )
        if inserted:
            _remember_words(cursor, words)


def _remember_words(cursor, text: str) -> None:
    """Words of a new document, for 'did you mean' (unstemmed, lower case, 3 to 30 letters)."""
    cursor.execute(
        f"""
        INSERT INTO {SearchWord._meta.db_table} (word, documents)
        SELECT w, 1 FROM unnest(tsvector_to_array(to_tsvector('simple', %s))) AS w
        WHERE w ~ '^[[:alpha:]]{{3,30}}$'
        ON CONFLICT (word) DO UPDATE SET documents = {SearchWord._meta.db_table}.documents + 1
        """,
        [text],
    )


def index_question(question_id: int) -> None:
    """Bring a question's search document in line with it (gone when the question is deleted)."""
    from ..models import Question

    with connection.cursor() as cursor:
        cursor.execute(_QUESTION, {"id": question_id, "ct": _content_type_id(Question)})
        row = cursor.fetchone()
    _write(SearchDocument.Kind.QUESTION, question_id, row)
    _follow_duplicate_marks(question_id, row[9] if row else None)


def _follow_duplicate_marks(question_id: int, duplicate_of: int | None) -> None:
    """The thread's article carries the question's duplicate mark too; questions that were duplicates of it
    and now point to its original (no chains) carry the new one."""
    table = SearchDocument._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET duplicate_of = %s WHERE kind = 'article' AND thread_id = %s"
            " AND duplicate_of IS DISTINCT FROM %s",
            [duplicate_of, question_id, duplicate_of],
        )
        cursor.execute(
            f"UPDATE {table} d SET duplicate_of = q.duplicate_of_id FROM forum_question q"
            " WHERE d.duplicate_of = %s AND q.id = d.thread_id AND q.duplicate_of_id IS DISTINCT FROM %s",
            [question_id, question_id],
        )


def index_article(article_id: int) -> None:
    """Bring an article's search document in line with it (gone when the article is retired)."""
    from ..models import Article

    with connection.cursor() as cursor:
        cursor.execute(_ARTICLE, {"id": article_id, "ct": _content_type_id(Article)})
        row = cursor.fetchone()
    _write(SearchDocument.Kind.ARTICLE, article_id, row)
