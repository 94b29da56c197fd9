"""The dashboard's mood reads: per category over time, and the most negative threads; queries do not grow."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from forum.models import Category
from insights.models import PostMood
from insights.selectors.mood import mood_by_category_over_time, most_negative_threads
from insights.services.mood import refresh_threads
from tests.forum.factories import AnswerFactory, CategoryFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def at(day: int, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime(2026, 3, day, hour))


def mood(post, score: float, posted_at: datetime, *, kind="question", public=True) -> PostMood:
    question = post if kind == "question" else post.question
    row = PostMood.objects.create(
        kind=kind,
        object_id=post.pk,
        question_id=question.pk,
        category_id=question.category_id,
        language="en",
        score=score,
        label="negative" if score < 0 else "positive",
        is_public=public,
        posted_at=posted_at,
    )
    refresh_threads([question.pk])  # what every scoring does after writing a post's mood
    return row


def test_mood_per_category_and_day():
    router, billing = CategoryFactory(name="Router"), CategoryFactory(name="Billing")
    q1, q2, q3 = QuestionFactory(category=router), QuestionFactory(category=router), QuestionFactory(category=billing)
    mood(q1, -0.5, at(2))
    mood(q2, 0.3, at(2, 18))
    mood(AnswerFactory(question=q1), 0.2, at(3), kind="answer")
    mood(q3, -0.8, at(2))
    mood(AnswerFactory(question=q3), 0.9, at(2), kind="answer", public=False)  # out of view: left out
    mood(AnswerFactory(question=q3), 0.9, at(9), kind="answer")  # after the period

    rows = mood_by_category_over_time(date(2026, 3, 1), date(2026, 3, 8))
    assert [(r.date, r.category, r.average, r.count) for r in rows] == [
        (date(2026, 3, 2), "Billing", -0.8, 1),
        (date(2026, 3, 2), "Router", -0.1, 2),
        (date(2026, 3, 3), "Router", 0.2, 1),
    ]
    only_router = mood_by_category_over_time(date(2026, 3, 1), date(2026, 3, 8), category=router)
    assert {r.category_id for r in only_router} == {router.pk}
    weekly = mood_by_category_over_time(date(2026, 3, 1), date(2026, 3, 8), category=router.pk, bucket="week")
    assert [(r.date, r.count) for r in weekly] == [(date(2026, 3, 2), 3)]  # the Monday of that week
    with pytest.raises(ValueError, match="bucket"):
        mood_by_category_over_time(date(2026, 3, 1), date(2026, 3, 8), bucket="month")


def test_most_negative_threads_worst_first_and_public_only():
    category = CategoryFactory()
    staff_only = CategoryFactory(audience=Category.Audience.STAFF)
    calm, angry, grumpy = (QuestionFactory(category=category) for _ in range(3))
    mood(calm, 0.6, at(5))
    mood(angry, -0.9, at(5))
    mood(AnswerFactory(question=angry), -0.5, at(5), kind="answer")
    mood(grumpy, -0.2, at(5))
    mood(AnswerFactory(question=grumpy), -0.6, at(5), kind="answer")
    hidden = QuestionFactory(category=category, deleted_at=at(6), removal="hidden")
    mood(hidden, -1.0, at(5))
    internal = QuestionFactory(category=staff_only)
    mood(internal, -1.0, at(5))
    old = QuestionFactory(category=category)
    mood(old, -1.0, at(5) - timedelta(days=30))

    threads = most_negative_threads(at(1))
    assert [t.question for t in threads] == [angry, grumpy]
    assert threads[0].average == -0.7
    assert threads[0].lowest == -0.9
    assert threads[0].count == 2
    assert threads[1].lowest == -0.6
    assert [t.question for t in most_negative_threads(at(1), limit=1)] == [angry]
    assert most_negative_threads(at(1), category=staff_only) == []


@pytest.mark.parametrize("threads", [2, 30])
def test_the_selectors_cost_the_same_few_queries_for_few_and_many(threads, django_assert_max_num_queries):
    categories = CategoryFactory.create_batch(3)
    for n in range(threads):
        question = QuestionFactory(category=categories[n % 3])
        mood(question, -0.1 - n / 100, at(1 + n % 20))
        mood(AnswerFactory(question=question), -0.3, at(1 + n % 20), kind="answer")
    with django_assert_max_num_queries(4):
        rows = mood_by_category_over_time(date(2026, 3, 1), date(2026, 4, 1))
    with django_assert_max_num_queries(2):
        worst = most_negative_threads(at(1), limit=10)
        assert [t.question.category.name for t in worst]  # the category came along
    assert sum(r.count for r in rows) == 2 * threads
    assert len(worst) == min(threads, 10)


def test_days_rolled_up_for_good_are_read_from_the_rollups_and_later_days_live():
    """Past days come from DailyRollup: rows of posts changed after the rollup do not move them."""
    from insights.services.rollups import roll_up_day

    category = CategoryFactory(name="Router")
    yesterday = timezone.localdate() - timedelta(days=1)
    noon_yesterday = timezone.make_aware(datetime.combine(yesterday, datetime.min.time())) + timedelta(hours=12)
    old = QuestionFactory(category=category)
    mood(old, -0.6, noon_yesterday)
    mood(AnswerFactory(question=old), -0.2, noon_yesterday, kind="answer")
    roll_up_day(yesterday)  # now, after the day ended: final
    PostMood.objects.filter(question_id=old.pk).update(score=0.9)  # the rolled-up day keeps what it had
    mood(QuestionFactory(category=category), -0.9, timezone.now())
    mood(AnswerFactory(question=old), -1.0, timezone.now(), kind="answer")  # today, live

    points = mood_by_category_over_time(yesterday, timezone.localdate() + timedelta(days=1))
    assert [(p.date, p.average, p.count) for p in points] == [
        (yesterday, -0.4, 2),
        (timezone.localdate(), -0.95, 2),
    ]


def test_a_thread_s_mood_follows_its_posts_and_its_question(django_capture_on_commit_callbacks):
    """Scoring, rescoring, removing a post and hiding the question keep the thread's row in step."""
    from insights.models import ThreadMood
    from insights.services.mood import follow_question, score_post

    category = CategoryFactory()
    question = QuestionFactory(category=category, title="Broken again", body="This is terrible and useless.")
    answer = AnswerFactory(question=question, body="Thanks, that works perfectly, great help!")
    score_post(kind="question", object_id=question.pk)
    score_post(kind="answer", object_id=answer.pk)
    row = ThreadMood.objects.get(question_id=question.pk)
    assert row.count == 2 and row.lowest < 0 < row.score_sum - row.lowest
    type(answer).objects.filter(pk=answer.pk).delete()
    score_post(kind="answer", object_id=answer.pk)  # gone: its mood leaves the thread's
    row.refresh_from_db()
    assert row.count == 1 and row.average == row.lowest < 0
    assert [t.question for t in most_negative_threads(timezone.now() - timedelta(days=1))] == [question]
    question.category = CategoryFactory(audience=Category.Audience.STAFF)
    question.save()
    follow_question(question_id=question.pk)
    assert not ThreadMood.objects.filter(question_id=question.pk).exists()
    assert most_negative_threads(timezone.now() - timedelta(days=1)) == []


def test_a_day_rolled_up_before_it_ended_is_still_read_live():
    from insights.models import DailyRollup
    from insights.services.rollups import roll_up_day

    category = CategoryFactory()
    question = QuestionFactory(category=category)
    mood(question, -0.5, timezone.now())
    roll_up_day(timezone.localdate())  # the quarter-hourly run over today
    assert DailyRollup.objects.get(category=None, day=timezone.localdate()).mood_count == 1
    mood(AnswerFactory(question=question), -0.1, timezone.now(), kind="answer")
    points = mood_by_category_over_time(timezone.localdate(), timezone.localdate() + timedelta(days=1))
    assert [(p.average, p.count) for p in points] == [(-0.3, 2)]


def test_the_rollup_notes_public_moods_per_category_and_thread():
    from insights.models import DailyRollup
    from insights.services.rollups import roll_up_day

    router, billing = CategoryFactory(), CategoryFactory()
    day = date(2026, 3, 4)
    q1, q2 = QuestionFactory(category=router), QuestionFactory(category=billing)
    mood(q1, -0.5, at(4, 9))
    mood(AnswerFactory(question=q1), 0.1, at(4, 10), kind="answer")
    mood(q2, 0.4, at(4, 11))
    mood(AnswerFactory(question=q2), -1.0, at(4, 11), kind="answer", public=False)
    mood(QuestionFactory(category=router), -1.0, at(5, 9))  # the next day
    roll_up_day(day)
    rows = {r.category_id: r for r in DailyRollup.objects.filter(day=day)}
    assert (round(rows[router.pk].mood_sum, 4), rows[router.pk].mood_count) == (-0.4, 2)
    assert (round(rows[None].mood_sum, 4), rows[None].mood_count) == (0.0, 3)
    roll_up_day(day)  # again: the same rows, not twice as many
    assert DailyRollup.objects.filter(day=day).count() == 3


def test_rebuilding_every_thread_mood_gives_what_scoring_keeps():
    from insights.models import ThreadMood
    from insights.services.mood import rebuild_threads

    question = QuestionFactory()
    mood(question, -0.4, at(3))
    mood(AnswerFactory(question=question), 0.2, at(4), kind="answer")
    kept = ThreadMood.objects.values("question_id", "count", "lowest", "last_posted_at").get()
    ThreadMood.objects.all().delete()
    assert rebuild_threads() == 1
    assert ThreadMood.objects.values("question_id", "count", "lowest", "last_posted_at").get() == kept
    assert round(ThreadMood.objects.get().average, 4) == -0.1
