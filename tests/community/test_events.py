import pytest
from celery import shared_task
from django.db import transaction

from community import events
from tests.accounts.factories import UserFactory

received: list[events.Event] = []


@shared_task
def remember_member(*, user_id: int, **event) -> None:
    received.append(events.MemberJoined(user_id=user_id))


def record(event: events.MemberJoined) -> None:
    received.append(event)


def enqueue(event: events.MemberJoined) -> None:
    remember_member.delay(**event.as_task_kwargs())


@pytest.fixture
def subscribed():
    received.clear()
    events.subscribe(events.MemberJoined, record)
    yield received
    events.unsubscribe(events.MemberJoined, record)
    received.clear()


@pytest.mark.django_db(transaction=True)
def test_handler_runs_once_the_transaction_commits(subscribed):
    user = UserFactory()
    with transaction.atomic():
        events.publish(events.MemberJoined(user_id=user.pk))
        assert subscribed == []  # not yet: the transaction is still open
    assert [e.user_id for e in subscribed] == [user.pk]


@pytest.mark.django_db(transaction=True)
def test_handler_does_not_run_when_the_transaction_rolls_back(subscribed):
    user = UserFactory()

    def failing_write():
        with transaction.atomic():
            events.publish(events.MemberJoined(user_id=user.pk))
            raise RuntimeError("the write failed")

    with pytest.raises(RuntimeError):
        failing_write()
    assert subscribed == []


@pytest.mark.django_db(transaction=True)
def test_a_failing_handler_neither_undoes_the_write_nor_stops_the_others(subscribed):
    def broken(event):
        raise ValueError("handler bug")

    events.subscribe(events.MemberJoined, broken)
    events.subscribe(events.MemberJoined, record)  # subscribing twice is harmless: still one call
    try:
        user = UserFactory()
        with transaction.atomic():
            events.publish(events.MemberJoined(user_id=user.pk))
    finally:
        events.unsubscribe(events.MemberJoined, broken)
    assert [e.user_id for e in subscribed] == [user.pk]


@pytest.mark.django_db(transaction=True)
def test_a_handler_can_enqueue_a_celery_task_with_the_event_as_plain_values():
    received.clear()
    events.subscribe(events.MemberJoined, enqueue)
    try:
        user = UserFactory()
        with transaction.atomic():
            events.publish(events.MemberJoined(user_id=user.pk))
    finally:
        events.unsubscribe(events.MemberJoined, enqueue)
    assert [e.user_id for e in received] == [user.pk]
    received.clear()


def test_events_are_frozen_values_with_their_own_identity():
    first, second = events.MemberJoined(user_id=1), events.MemberJoined(user_id=1)
    assert first.event_id != second.event_id
    with pytest.raises(AttributeError):
        first.user_id = 2  # type: ignore[misc]
    assert first.as_task_kwargs()["user_id"] == 1
