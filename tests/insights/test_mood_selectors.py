"""The dashboard's mood reads: per category over time, and the most negative threads; queries do not grow."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from forum.models import Category
from insights.models import PostMood
from insights.selectors.mood import mood_by_category_over_time, most_negative_threads
from tests.forum.factories import AnswerFactory, CategoryFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def at(day: int, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime(2026, 3, day, hour))


def mood(post, score: float, posted_at: datetime, *, kind="question", public=True) -> PostMood:
    question = post if kind == "question" else post.question
    return PostMood.objects.create(
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
    with django_assert_max_num_queries(2):
        rows = mood_by_category_over_time(date(2026, 3, 1), date(2026, 4, 1))
    with django_assert_max_num_queries(2):
        worst = most_negative_threads(at(1), limit=10)
        assert [t.question.category.name for t in worst]  # the category came along
    assert sum(r.count for r in rows) == 2 * threads
    assert len(worst) == min(threads, 10)
