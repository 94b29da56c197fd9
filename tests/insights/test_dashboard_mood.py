"""Mood on the dashboard: the chart of average mood per category and day, its CSV, the most negative threads."""

import csv
import io

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.forum.factories import CategoryFactory, ask

pytestmark = pytest.mark.django_db

ANGRY = "This is terrible. It broke again, support is useless and I am angry about it."
HAPPY = "Thank you so much, the new schedule works perfectly. Great app, I love it!"


@pytest.fixture
def threads(django_capture_on_commit_callbacks):
    category = CategoryFactory(name="Router")
    with django_capture_on_commit_callbacks(execute=True):
        angry = ask(by=UserFactory(established=True), category=category, title="Router broke again", body=ANGRY)
        happy = ask(by=UserFactory(established=True), category=category, title="Schedules are great", body=HAPPY)
    return category, angry, happy


def test_moderators_see_the_most_negative_threads_and_the_mood_chart(client, threads):
    _category, angry, happy = threads
    client.force_login(UserFactory(roles=["moderator"]))
    page = client.get(reverse("insights:dashboard")).content.decode()
    negative = page[page.index("The most negative threads") :]
    assert angry.title in negative and happy.title not in negative
    assert 'data-chart="mood"' in page


def test_the_mood_csv_has_a_column_per_category_and_a_row_per_day(client, threads):
    _ = threads
    client.force_login(UserFactory(roles=["admin"]))
    response = client.get(reverse("insights:export", args=["mood"]), {"period": "7"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Label", "Router"]
    assert len(rows) == 1 + 7
    assert any(row[1] for row in rows[1:])  # today's average is there


def test_agents_get_no_mood(client, threads):
    client.force_login(UserFactory(roles=["agent"]))
    assert "The most negative threads" not in client.get(reverse("insights:dashboard")).content.decode()
    assert client.get(reverse("insights:export", args=["mood"])).status_code == 403
