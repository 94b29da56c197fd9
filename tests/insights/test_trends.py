"""Trends: a burst of a word or tag this week stands out against the four weeks before; a steady word does not."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from community.accounts.models import Role
from insights.selectors.trends import trending_terms
from tests.accounts.factories import UserFactory
from tests.forum.factories import AnswerFactory, CategoryFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def stem(word: str, config: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT (tsvector_to_array(to_tsvector(%s::regconfig, %s)))[1]", [config, word])
        return cursor.fetchone()[0]


@pytest.fixture
def history():
    """Five weeks of posts: "thermostat" steady every week; "router" and "Störungen" and the tag "wlan" in a burst."""
    now = timezone.now()
    category = CategoryFactory()
    for week in range(5):
        for n in range(3):
            when = now - timedelta(days=7 * week + 1, hours=n)
            QuestionFactory(
                title=f"Thermostat schedule question number {week}-{n}",
                body="The thermostat ignores my schedule.",
                created_at=when,
                category=category,
            )
    QuestionFactory(title="An old router question from a month ago", created_at=now - timedelta(days=20))
    burst = []
    for n in range(4):
        question = QuestionFactory(
            title=f"My router keeps dropping the line, case {n}",
            body="Since Monday.",
            created_at=now - timedelta(hours=n, minutes=10),
        )
        question.tags.set(["WLAN"])
        burst.append(question)
        german = QuestionFactory(
            title=f"Störungen im Netz seit heute, Fall {n}",
            body="Wieder eine Störung.",
            language="de",
            created_at=now - timedelta(hours=n + 1),
            category=category,
        )
        burst.append(german)
    AnswerFactory(question=burst[0], body="Same router here.", created_at=now - timedelta(minutes=5))
    return now, category, burst


def test_a_burst_trends_and_a_steady_word_does_not(history):
    now, _, burst = history
    found = {(trend.term, trend.is_tag): trend for trend in trending_terms(now=now)}
    router = found[(stem("router", "english"), False)]
    assert router.this_week == 5 and router.weekly_before == 0.25
    assert {q.pk for q in router.threads} <= {q.pk for q in burst} and len(router.threads) == 3
    assert (stem("Störung", "german"), False) in found
    # Shown as people wrote it, not as its stem: four titles say "Störungen", four bodies "Störung".
    assert found[(stem("Störung", "german"), False)].word in {"Störungen", "Störung"}
    assert router.word == "router"
    assert ("wlan", True) in found
    assert (stem("thermostat", "english"), False) not in found


def test_a_category_narrows_the_trends(history):
    now, category, _ = history
    terms = {trend.term for trend in trending_terms(now=now, category=category)}
    assert stem("Störung", "german") in terms and stem("router", "english") not in terms


def test_the_trends_page_shows_the_threads_within_its_budget(client, history, django_assert_max_num_queries):
    client.force_login(UserFactory(roles=[Role.ADMIN]))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("insights:trends"))
    assert response.status_code == 200
    assert "My router keeps dropping the line" in response.text
    response = client.get(reverse("insights:trends"), {"category": "no-such-category"})
    assert response.status_code == 400 and "There is no such category" in response.text
