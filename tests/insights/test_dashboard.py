import csv
import io
from datetime import timedelta

import pytest
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from forum.models import Question
from insights.services.rollups import roll_up_day
from tests.accounts.factories import UserFactory
from tests.forum.factories import CategoryFactory, QuestionFactory

URL = reverse("insights:dashboard")


@pytest.fixture
def history(db):
    categories = CategoryFactory.create_batch(2)
    today = timezone.localdate()
    now = timezone.now()
    for days_ago in range(5):
        for n, category in enumerate(categories):
            QuestionFactory.create_batch(days_ago + n, category=category, created_at=now - timedelta(days=days_ago))
    for days_ago in range(6):
        roll_up_day(today - timedelta(days=days_ago))
    return categories


@pytest.mark.parametrize(
    ("role", "status"), [("member", 403), ("super user", 403), ("agent", 200), ("moderator", 200), ("admin", 200)]
)
def test_who_sees_the_dashboard(client, db, role, status):
    client.force_login(UserFactory(roles=[role]))
    assert client.get(URL).status_code == status


def test_agents_see_response_figures_only(client, history):
    client.force_login(UserFactory(roles=["agent"]))
    page = client.get(URL).content.decode()
    assert "Time to first answer (median)" in page
    assert "Solved rate" not in page and "Ideas by status" not in page
    assert client.get(reverse("insights:export", args=["ideas"])).status_code == 403
    assert client.get(reverse("insights:export", args=["questions"])).status_code == 200


def test_moderators_see_everything_and_the_category_changes_the_numbers(client, history):
    client.force_login(UserFactory(roles=["moderator"]))
    page = client.get(URL, {"period": "7"}).content.decode()
    assert "Solved rate" in page and "Ideas by status" in page and "Return" in page
    category = history[0]
    one = client.get(URL, {"period": "7", "category": category.pk})
    assert one.status_code == 200
    assert (
        one.context["result"].current.figures["questions_asked"] == Question.objects.filter(category=category).count()
    )


@pytest.mark.parametrize(
    "query",
    [
        {"period": "nonsense"},
        {"period": "custom"},
        {"period": "custom", "start": "2026-05-01", "end": "2026-01-01"},
        {"category": "999999"},
        {"start": "not a date", "period": "custom", "end": "2026-01-01"},
    ],
)
def test_bad_input_is_a_form_error_never_a_500(client, db, query):
    client.force_login(UserFactory(roles=["moderator"]))
    assert client.get(URL, query).status_code == 400
    assert client.get(reverse("insights:export", args=["questions"]), query).status_code == 400


def test_unknown_chart_is_404(client, db):
    client.force_login(UserFactory(roles=["moderator"]))
    assert client.get(reverse("insights:export", args=["nope"])).status_code == 404


def test_csv_matches_counts_made_in_the_database(client, history):
    client.force_login(UserFactory(roles=["moderator"]))
    category = history[1]
    response = client.get(reverse("insights:export", args=["questions"]), {"period": "7", "category": category.pk})
    assert response.status_code == 200
    assert f"insights-questions-{category.slug}-" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    got = {row[0]: int(row[1]) for row in rows[1:]}
    expected = {
        str(row["day"]): row["n"]
        for row in Question.objects.filter(category=category)
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_default_timezone()))
        .values("day")
        .annotate(n=Count("pk"))
    }
    assert {day: n for day, n in got.items() if n} == expected
    assert len(rows) == 8


@pytest.mark.parametrize("days", [1, 5])
def test_dashboard_query_budget_holds_for_few_and_many_days(client, db, django_assert_max_num_queries, days):
    CategoryFactory.create_batch(3)
    for days_ago in range(days):
        QuestionFactory(created_at=timezone.now() - timedelta(days=days_ago))
        roll_up_day(timezone.localdate() - timedelta(days=days_ago))
    client.force_login(UserFactory(roles=["moderator"]))
    # Figures from the rollups; mood from the rollups for finished days and live for today (chart and threads).
    with django_assert_max_num_queries(15):
        assert client.get(URL, {"period": "90"}).status_code == 200
