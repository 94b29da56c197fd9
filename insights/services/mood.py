"""Writing the mood of posts: what the tasks and `manage.py score_mood` call (the system acts: no `by`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, Max, Min, Sum
from django.utils import timezone

from forum.models import Answer, Category, Question, Reply
from insights import sentiment
from insights.models import PostMood, ThreadMood

MODELS = {PostMood.Kind.QUESTION: Question, PostMood.Kind.ANSWER: Answer, PostMood.Kind.REPLY: Reply}


def _text(kind: str, post) -> str:
    if kind == PostMood.Kind.QUESTION:
        return f"{post.title}\n\n{post.body}"
    return post.body


def _question(kind: str, post) -> Question:
    return post if kind == PostMood.Kind.QUESTION else post.question


def _row(kind: str, post, now) -> PostMood:
    question = _question(kind, post)
    language = question.language  # a thread speaks its question's language
    value, label = sentiment.analyse(_text(kind, post), language)
    return PostMood(
        kind=kind,
        object_id=post.pk,
        question_id=question.pk,
        category_id=question.category_id,
        language=language,
        score=value,
        label=label,
        is_public=(
            post.deleted_at is None
            and question.deleted_at is None
            and question.category.audience == Category.Audience.EVERYONE
        ),
        posted_at=post.created_at,
        scored_at=now,
    )


def posts_of(kind: str):
    """The posts of a kind, with what scoring them reads."""
    model = MODELS[kind]
    if kind == PostMood.Kind.QUESTION:
        return model.objects.select_related("category")
    return model.objects.select_related("question__category")


@transaction.atomic
def score_post(*, kind: str, object_id: int) -> PostMood | None:
    """Score one post (again): one row per post, however often it runs; a post that is gone loses its row."""
    post = posts_of(kind).filter(pk=object_id).first()
    if post is None:
        rows = PostMood.objects.filter(kind=kind, object_id=object_id)
        threads = list(rows.values_list("question_id", flat=True))
        rows.delete()
        refresh_threads(threads)
        return None
    row = _row(kind, post, timezone.now())
    fields = {f: getattr(row, f) for f in _UPDATE_FIELDS}
    mood, _ = PostMood.objects.update_or_create(kind=kind, object_id=object_id, defaults=fields)
    refresh_threads([mood.question_id])
    return mood


_UPDATE_FIELDS = ("question_id", "category_id", "language", "score", "label", "is_public", "posted_at", "scored_at")


def score_posts(kind: str, posts: Iterable) -> int:
    """Score a batch of posts of one kind in one statement (the backfill); returns how many."""
    now = timezone.now()
    rows = [_row(kind, post, now) for post in posts]
    with transaction.atomic():
        PostMood.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["kind", "object_id"], update_fields=list(_UPDATE_FIELDS)
        )
        refresh_threads(row.question_id for row in rows)
    return len(rows)


def follow_question(*, question_id: int) -> int:
    """Keep a thread's rows in step with its question (moved to another category, deleted, restored)."""
    question = Question.objects.select_related("category").filter(pk=question_id).first()
    if question is None:
        deleted = PostMood.objects.filter(question_id=question_id).delete()[0]
        refresh_threads([question_id])
        return deleted
    public = question.deleted_at is None and question.category.audience == Category.Audience.EVERYONE
    rows = PostMood.objects.filter(question_id=question_id)
    rows.update(category_id=question.category_id, language=question.language)
    if not public:
        changed = rows.update(is_public=False)
        refresh_threads([question_id])
        return changed
    # A question back in view: each post's own visibility decides again, so rescore the thread's rows.
    for row in list(rows.only("kind", "object_id")):
        score_post(kind=row.kind, object_id=row.object_id)
    return rows.count()


def score_all(*, category_id: int | None = None, missing: bool = False, batch: int = 500, progress=None) -> int:
    """Score every post (of a category; only those without a score), in keyset batches of `batch`:
    steady memory and speed however many there are. `progress(kind, total)` gives a bar to update."""
    total = 0
    for kind in PostMood.Kind.values:
        posts = posts_of(kind).order_by("pk")
        if category_id is not None:
            posts = posts.filter(
                **{"category_id" if kind == PostMood.Kind.QUESTION else "question__category_id": category_id}
            )
        if missing:
            posts = posts.exclude(pk__in=PostMood.objects.filter(kind=kind).values("object_id"))
        bar = progress(kind, posts.count()) if progress else None
        last = 0
        while chunk := list(posts.filter(pk__gt=last)[:batch]):
            total += score_posts(kind, chunk)
            last = chunk[-1].pk
            if bar is not None:
                bar.update(len(chunk))
        if bar is not None:
            bar.close()
    return total


def roll_up_day(start, end) -> dict[int, tuple[float, int]]:
    """The sum and count of one day's public moods per category, for the day's rollup."""
    return {
        row["category_id"]: (row["total"], row["count"])
        for row in PostMood.objects.filter(
            is_public=True, posted_at__gte=start, posted_at__lt=end, category_id__in=Category.objects.values("pk")
        )
        .values("category_id")
        .annotate(total=Sum("score"), count=Count("pk"))
        .order_by()
    }


def rebuild_threads() -> int:
    """Every thread's ThreadMood row afresh from the posts' moods, in one statement (after bulk loads)."""
    with transaction.atomic(), connection.cursor() as cursor:
        ThreadMood.objects.all().delete()
        cursor.execute(
            f"""
            INSERT INTO {ThreadMood._meta.db_table}
                   (question_id, category_id, score_sum, count, average, lowest, last_posted_at)
            SELECT question_id, max(category_id), sum(score), count(*), avg(score), min(score), max(posted_at)
              FROM {PostMood._meta.db_table} WHERE is_public GROUP BY question_id
            """  # noqa: S608  (table names from the models, no input)
        )
        return cursor.rowcount


def refresh_threads(question_ids) -> None:
    """Bring the threads' ThreadMood rows in step with their posts' moods (gone when none is public)."""
    question_ids = set(question_ids)
    if not question_ids:
        return
    rows = [
        ThreadMood(**row, average=row["score_sum"] / row["count"])
        for row in PostMood.objects.filter(is_public=True, question_id__in=question_ids)
        .values("question_id")
        .annotate(
            category_id=Max("category_id"),
            score_sum=Sum("score"),
            count=Count("pk"),
            lowest=Min("score"),
            last_posted_at=Max("posted_at"),
        )
        .order_by()
    ]
    ThreadMood.objects.filter(question_id__in=question_ids - {row.question_id for row in rows}).delete()
    ThreadMood.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["question_id"],
        update_fields=["category_id", "score_sum", "count", "average", "lowest", "last_posted_at"],
    )
