"""Reputation news in the app: badges and ranks of one day gather into one line; the bell stays for people."""

import threading
import uuid
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone, translation

from community import events
from community.models import Handoff
from forum import services as forum
from notifications import selectors as notification_selectors
from notifications.models import Delivery, Notification
from notifications.tasks import run_fanout
from superusers.models import BadgeAward
from tests.accounts.factories import UserFactory
from tests.forum.factories import ask

pytestmark = pytest.mark.django_db


def award(user, badge: str) -> events.BadgeAwarded:
    """A badge held and its event told, the way the awards service does it."""
    record = BadgeAward.objects.create(user=user, badge=badge)
    event = events.BadgeAwarded(user_id=user.pk, badge=badge, award_id=record.pk)
    events.publish(event)
    return event


def reputation_lines(user):
    return list(Notification.objects.filter(recipient=user, kind="reputation"))


def test_a_new_members_badges_and_rank_make_one_line_and_the_bell_stays_for_people(committed):
    helper = UserFactory(display_name="Nina Neu")
    asker = UserFactory()
    with committed():
        question = ask(by=asker)
    with committed():
        answer = forum.post_answer(question=question, by=helper, body="Restart the hub, then pair the device again.")
    with committed():
        for voter in UserFactory.create_batch(5):
            forum.vote(post=answer, by=voter, value=1)
    with committed():
        forum.post_reply(question=question, answer=answer, by=asker, body=f"Thank you @{helper.handle}, that worked!")

    told = list(Notification.objects.filter(recipient=helper))
    (line,) = [n for n in told if n.kind == "reputation"]
    badges = {item["badge"] for item in line.params["badge"]}
    assert len(badges) >= 2 and {item["names"]["en"] for item in line.params["rank"]} == {"Newcomer", "Helper"}
    assert not [n for n in told if n.kind in ("badge", "rank")]
    assert line.text() == f"You earned {len(badges)} badges and reached the rank “Helper”"
    assert line.url == helper.get_absolute_url()
    # What a person did for them still has its own lines: the reply, the mention, the votes reached.
    assert {n.kind for n in told} - {"reputation"} >= {"reply", "mention"}
    with translation.override("de"):
        assert "Helfer" in line.text()  # the rank in the reader's language
    # Every badge and the rank still has its own delivery: told once, emailed as the person chose.
    assert Delivery.objects.filter(recipient=helper, kind="badge", channel="in_app").count() == len(badges)
    assert Delivery.objects.filter(recipient=helper, kind="rank", channel="in_app").count() == 2


def test_the_same_event_twice_adds_nothing_and_a_read_line_lights_up_again(committed):
    person = UserFactory()
    with committed():
        first = award(person, "first_answer")
    record = Handoff.objects.get(key=f"{run_fanout.name}:{first.event_id}")
    run_fanout.apply(kwargs=record.kwargs, headers={"handoff_key": record.key})  # a redelivered message
    Handoff.objects.filter(pk=record.pk).update(done_at=None)
    run_fanout.apply(kwargs=record.kwargs, headers={"handoff_key": record.key})  # a fan-out the sweep runs again
    run_fanout(**record.kwargs)  # the plan run once more, outside any hand-off
    (line,) = reputation_lines(person)
    assert line.count == 1 and len(line.params["badge"]) == 1
    assert line.text() == "You earned one badge: “First answer”"

    line.read_at = timezone.now()
    line.save(update_fields=["read_at"])
    assert notification_selectors.unread_count(person) == 0
    with committed():
        award(person, "welcomer")
    (line,) = reputation_lines(person)
    assert line.read_at is None and line.count == 2 and line.text() == "You earned 2 badges"
    assert notification_selectors.unread_count(person) == 1  # the bell's cached number follows


def test_a_new_day_starts_a_new_line_in_the_members_time_zone(committed):
    person = UserFactory(time_zone="Pacific/Auckland")
    with committed():
        award(person, "first_answer")
    (today,) = reputation_lines(person)
    assert today.day == timezone.now().astimezone(ZoneInfo("Pacific/Auckland")).date()
    Notification.objects.filter(pk=today.pk).update(day=today.day - timedelta(days=1))
    with committed():
        award(person, "welcomer")
    lines = sorted(reputation_lines(person), key=lambda n: n.day)
    assert [len(n.params["badge"]) for n in lines] == [1, 1]


def test_the_daily_line_is_no_preference_of_its_own(client):
    client.force_login(UserFactory())
    page = client.get("/settings/notifications/").text
    assert "I earned a badge" in page and "I reached a new rank" in page
    assert "one line a day" not in page


@pytest.mark.django_db(transaction=True)
def test_two_workers_adding_at_once_share_one_line():
    from notifications import services

    person = UserFactory()
    start = threading.Barrier(4)
    errors = []

    def add(code):
        try:
            start.wait()
            news = services.News(
                key=str(uuid.uuid4()), kind="badge", title=code, url="/", group_key=code, params={"badge": code}
            )
            services.notify(news, [person.pk])
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(code,)) for code in ("a", "b", "c", "d")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    (line,) = reputation_lines(person)
    assert line.count == 4 and sorted(item["badge"] for item in line.params["badge"]) == ["a", "b", "c", "d"]
