"""Leaderboards, profiles and marks: what people see, and how many queries it costs."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from community.accounts.models import Role
from forum.models import Vote
from superusers.models import BadgeAward, Rank, ReputationEntry, Standing
from tests.accounts.factories import UserFactory
from tests.forum.factories import AnswerFactory, CategoryFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def _entry(user, points, *, days_ago=0, category=None, reason="answer_upvoted"):
    return ReputationEntry(
        user=user,
        points=points,
        reason=reason,
        category=category,
        event_id=uuid.uuid4(),
        created_at=timezone.now() - timedelta(days=days_ago, minutes=1),
    )


def _standing(user):
    total = sum(ReputationEntry.objects.filter(user=user).values_list("points", flat=True))
    Standing.objects.update_or_create(user=user, defaults={"reputation": total})


def test_the_leaderboard_by_period_and_category(client):
    routers, apps = CategoryFactory(name="Routers"), CategoryFactory(name="Apps")
    weekly = UserFactory(display_name="Wendy Weekly")
    monthly = UserFactory(display_name="Moritz Monthly")
    veteran = UserFactory(display_name="Vera Veteran")
    ReputationEntry.objects.bulk_create(
        [
            _entry(weekly, 30, days_ago=1, category=apps),
            _entry(monthly, 50, days_ago=20, category=routers),
            _entry(veteran, 500, days_ago=300, category=routers),
        ]
    )
    for person in (weekly, monthly, veteran):
        _standing(person)

    def names(url):
        text = client.get(url).text
        found = [n for n in ("Wendy Weekly", "Moritz Monthly", "Vera Veteran") if n in text]
        return sorted(found, key=text.index)

    assert names("/leaderboard/") == ["Wendy Weekly"]
    assert names("/leaderboard/?period=month") == ["Moritz Monthly", "Wendy Weekly"]
    assert names("/leaderboard/?period=all") == ["Vera Veteran", "Moritz Monthly", "Wendy Weekly"]
    assert names(f"/leaderboard/?period=all&category={routers.slug}") == ["Vera Veteran", "Moritz Monthly"]
    assert names("/leaderboard/?period=nonsense") == ["Wendy Weekly"]  # an unknown period falls back to the week


def test_the_leaderboard_stays_in_budget_with_100000_ledger_rows(client, django_assert_max_num_queries):
    people = UserFactory.create_batch(60)
    category = CategoryFactory()
    ReputationEntry.objects.bulk_create(
        [_entry(people[n % 60], 10, days_ago=n % 200, category=category) for n in range(100_000)], batch_size=5000
    )
    for person in people:
        _standing(person)
    client.force_login(UserFactory())
    urls = ["/leaderboard/", "/leaderboard/?period=month", "/leaderboard/?period=all"]
    for url in [*urls, f"/leaderboard/?period=week&category={category.slug}"]:
        with django_assert_max_num_queries(12):
            response = client.get(url)
        assert response.status_code == 200


def test_the_profile_shows_reputation_rank_badges_and_a_chart(client):
    person = UserFactory(display_name="Petra Profile")
    ReputationEntry.objects.bulk_create([_entry(person, 40, days_ago=10), _entry(person, 25, days_ago=2)])
    _standing(person)
    BadgeAward.objects.create(user=person, badge="first_answer")
    AnswerFactory(author=person, is_accepted=True)
    page = client.get(f"/people/{person.handle}/")
    assert page.status_code == 200
    text = page.text
    assert "65" in text and "First answer" in text and "data-chart" in text
    assert "Member since" in text


def test_points_from_a_single_day_still_draw_a_line(client):
    import json
    import re

    person = UserFactory()
    ReputationEntry.objects.bulk_create([_entry(person, 15), _entry(person, 10), _entry(person, 2)])
    _standing(person)
    page = client.get(f"/people/{person.handle}/").text
    found = re.search(r'<script type="application/json" data-chart-for="reputation">(.*?)</script>', page)
    data = json.loads(found.group(1))
    assert data["values"] == [0, 27]  # from nothing to the day's total: two points, a visible line
    day = timezone.localdate(timezone.now() - timedelta(minutes=1)).isoformat()
    assert data["labels"][-1] == day and data["labels"][0] < day
    table = page[page.index("<table") : page.index("</table>")]
    assert day in table and data["labels"][0] not in table  # the table lists the one day with a change
    assert "data-chart" not in client.get(f"/people/{UserFactory().handle}/").text  # no points, no chart


def test_the_super_user_mark_and_rank_show_beside_posts(client):
    super_user = UserFactory(roles=[Role.SUPER_USER], display_name="Sven Super")
    Standing.objects.create(user=super_user, reputation=120, rank=Rank.objects.get(name_en="Helper"))
    question = QuestionFactory()
    AnswerFactory(question=question, author=super_user)
    page = client.get(question.get_absolute_url())
    assert "mark--super" in page.text and "Sven Super" in page.text and "Helper" in page.text


def test_moderators_see_vote_rings(client):
    first, second = UserFactory(display_name="Ring One"), UserFactory(display_name="Ring Two")
    for _ in range(3):
        Vote.objects.create(user=second, answer=AnswerFactory(author=first), value=1, cast_event_id=uuid.uuid4())
        Vote.objects.create(user=first, answer=AnswerFactory(author=second), value=1, cast_event_id=uuid.uuid4())
    client.force_login(UserFactory())
    assert client.get("/super-users/voting/").status_code == 403
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    page = client.get("/super-users/voting/")
    assert page.status_code == 200 and "Ring One" in page.text and "Ring Two" in page.text
