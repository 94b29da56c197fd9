"""Badges: earned by events and by the nightly sweep, never twice, and the holder is told."""

from datetime import timedelta

import pytest
from django.utils import timezone

from forum import services as forum
from forum.models import Answer
from notifications.models import Notification
from superusers import services
from superusers.badges import BADGES
from superusers.models import BadgeAward
from superusers.tasks import nightly
from tests.accounts.factories import UserFactory
from tests.forum.factories import AnswerFactory, QuestionFactory, ReplyFactory, ask

pytestmark = pytest.mark.django_db


def held(user) -> list[str]:
    return sorted(BadgeAward.objects.filter(user=user).values_list("badge", flat=True))


def test_at_least_fifteen_badges_with_names_tiers_and_rules():
    assert len(BADGES) >= 15
    for badge in BADGES.values():
        assert str(badge.name) and str(badge.description) and badge.tier in {"bronze", "silver", "gold"}
    for code in ("first_answer", "first_accepted", "accepted_10", "accepted_50", "accepted_250", "quick_helper"):
        assert code in BADGES
    assert {"welcomer", "idea_planned", "streak_30"} <= set(BADGES)


def test_a_first_answer_earns_a_badge_once_and_tells_the_holder(committed):
    helper = UserFactory()
    question = ask()
    with committed():
        forum.post_answer(question=question, by=helper, body="Restart the router, then pair the device again.")
    assert held(helper) == ["first_answer", "welcomer"]  # the asker was new: a welcome too
    with committed():
        forum.post_answer(question=ask(), by=helper, body="Hold the reset button for ten seconds, then retry.")
    assert held(helper).count("first_answer") == 1
    (told,) = Notification.objects.filter(recipient=helper)  # one line for the day (test_notifications.py)
    assert told.kind == "reputation"
    assert {item["badge"] for item in told.params["badge"]} == {"first_answer", "welcomer"}


def test_an_accepted_answer_earns_problem_solver_but_not_for_ones_own_question(committed):
    asker, helper = UserFactory(), UserFactory()
    own = AnswerFactory(question=QuestionFactory(author=asker), author=asker)
    with committed():
        forum.accept_answer(answer=own, by=asker)
    assert "first_accepted" not in held(asker)
    answer = AnswerFactory(question=QuestionFactory(author=asker), author=helper)
    with committed():
        forum.accept_answer(answer=answer, by=asker)
    assert "first_accepted" in held(helper)


def test_a_repeatable_badge_is_awarded_per_answer():
    helper = UserFactory()
    strong = AnswerFactory.create_batch(2, author=helper, score=12)
    AnswerFactory(author=helper, score=3)
    services.award_badges(user_id=helper.pk)
    services.award_badges(user_id=helper.pk)  # asked again: nothing new
    keys = set(BadgeAward.objects.filter(user=helper, badge="good_answer").values_list("key", flat=True))
    assert keys == {f"answer:{a.pk}" for a in strong}


def test_quick_helper_needs_ten_answers_within_the_hour():
    helper = UserFactory()
    now = timezone.now()
    for n in range(10):
        question = QuestionFactory(created_at=now - timedelta(days=n + 1))
        AnswerFactory(question=question, author=helper)
        Answer.objects.filter(question=question).update(created_at=question.created_at + timedelta(minutes=20))
    slow = QuestionFactory(created_at=now - timedelta(days=20))
    AnswerFactory(question=slow, author=helper)
    services.award_badges(user_id=helper.pk, codes=["quick_helper"])
    assert held(helper) == ["quick_helper"]

    other = UserFactory()
    for n in range(10):
        question = QuestionFactory(created_at=now - timedelta(days=n + 1))
        AnswerFactory(question=question, author=other)
        Answer.objects.filter(question=question).update(created_at=question.created_at + timedelta(hours=3))
    services.award_badges(user_id=other.pk, codes=["quick_helper"])
    assert held(other) == []


def test_the_nightly_sweep_awards_a_thirty_day_streak_once():
    regular = UserFactory()
    today = timezone.now()
    for n in range(30):
        ReplyFactory(author=regular, created_at=today - timedelta(days=n))
    assert "streak_30" not in held(regular)
    nightly()
    nightly()
    assert held(regular).count("streak_30") == 1
    almost = UserFactory()
    for n in range(29):
        ReplyFactory(author=almost, created_at=today - timedelta(days=n))
    nightly()
    assert "streak_30" not in held(almost)


def test_the_badge_pages_show_the_holders(client):
    holder = UserFactory(display_name="Greta Holder")
    BadgeAward.objects.create(user=holder, badge="first_answer")
    page = client.get("/badges/")
    assert page.status_code == 200 and "First answer" in page.text and "Legend" in page.text
    detail = client.get("/badges/first_answer/")
    assert detail.status_code == 200 and "Greta Holder" in detail.text
    assert client.get("/badges/no-such-badge/").status_code == 404
    german = client.get("/badges/", HTTP_ACCEPT_LANGUAGE="de")
    assert "Erste Antwort" in german.text
