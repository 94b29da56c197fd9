"""Row first, then task, then sweep: a hand-off to Celery survives a lost message, runs once, and gives up
loudly (community/handoffs.py)."""

import logging
from datetime import timedelta

import pytest
from celery import shared_task
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerDown

from community.handoffs import KEY, handoff
from community.models import Handoff
from community.tasks import sweep_handoffs

pytestmark = pytest.mark.django_db

ran: list[int] = []


@shared_task(name="tests.community.test_handoffs.note")
def note(*, value: int) -> int:
    ran.append(value)
    return value


@shared_task(name="tests.community.test_handoffs.broken")
def broken(*, value: int) -> None:
    raise ValueError("a bug in the task")


@pytest.fixture(autouse=True)
def _nothing_ran():
    ran.clear()
    yield
    ran.clear()


def lose_time(key: str, seconds: int = 120) -> None:
    """As if the message had been sent (and a worker had last picked it up) this long ago."""
    then = timezone.now() - timedelta(seconds=seconds)
    Handoff.objects.filter(key=key).update(sent_at=then)
    Handoff.objects.filter(key=key, started_at__isnull=False).update(started_at=then)


def test_the_row_is_written_with_the_callers_write_and_the_message_goes_after_the_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as after_commit:
        assert handoff(note, key="note-1", value=1)
        row = Handoff.objects.get(key="note-1")
        assert (row.task, row.kwargs, row.done_at, row.attempts) == (note.name, {"value": 1}, None, 1)
        assert ran == []  # nothing is sent before the commit
    for send in after_commit:
        send()
    assert ran == [1]
    row.refresh_from_db()
    assert row.started_at is not None and row.done_at is not None


def test_a_rolled_back_write_hands_nothing_off(django_capture_on_commit_callbacks):
    def failing_write():
        with transaction.atomic():
            handoff(note, key="note-2", value=2)
            raise RuntimeError("the write failed")

    with django_capture_on_commit_callbacks() as after_commit, pytest.raises(RuntimeError):
        failing_write()
    assert not Handoff.objects.filter(key="note-2").exists()
    assert after_commit == []


def test_the_same_hand_off_twice_runs_once_and_a_duplicate_message_changes_nothing(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        assert handoff(note, key="note-3", value=3)
        assert not handoff(note, key="note-3", value=3)
    assert ran == [3] and Handoff.objects.filter(key="note-3").count() == 1
    note.apply(kwargs={"value": 3}, headers={KEY: "note-3"})  # a redelivered message
    assert ran == [3]
    note(value=4)  # a plain call is just a call
    assert ran == [3, 4]


def test_the_sweep_sends_what_a_lost_message_left_and_only_that(django_capture_on_commit_callbacks, caplog):
    with django_capture_on_commit_callbacks():  # committed, but the message never arrives
        handoff(note, key="lost", value=5)
        handoff(note, key="slow", value=6)
    assert sweep_handoffs()["sent"] == 0  # not yet: the worker may still be on its way
    lose_time("lost")
    lose_time("slow")
    Handoff.objects.filter(key="slow").update(started_at=timezone.now())  # a worker is at it right now
    with caplog.at_level(logging.WARNING, logger="community.handoffs"):
        assert sweep_handoffs() == {"sent": 1, "forgotten": 0}
    assert ran == [5]
    lost = Handoff.objects.get(key="lost")
    assert lost.done_at is not None and lost.attempts == 2
    assert "lost" in caplog.text and "attempt 2 of" in caplog.text
    assert Handoff.objects.get(key="slow").done_at is None


def test_a_hand_off_that_keeps_failing_is_sent_a_limited_number_of_times_and_logged(
    django_capture_on_commit_callbacks, settings, caplog
):
    settings.HANDOFF_MAX_ATTEMPTS = 3
    with django_capture_on_commit_callbacks():
        handoff(broken, key="broken", value=1)
    with caplog.at_level(logging.WARNING, logger="community.handoffs"):
        for _ in range(5):
            lose_time("broken")
            sweep_handoffs()
    row = Handoff.objects.get(key="broken")
    assert row.attempts == 3 and row.done_at is None  # kept for a person to look at, no longer sent
    errors = [r for r in caplog.records if r.levelno == logging.ERROR and r.name == "community.handoffs"]
    assert any("keeps failing" in r.getMessage() for r in errors)


def test_a_broker_that_is_down_loses_nothing(django_capture_on_commit_callbacks, monkeypatch):
    def down(*args, **kwargs):
        raise BrokerDown("Redis is down")

    with monkeypatch.context() as patched:
        patched.setattr(note, "apply_async", down)
        with django_capture_on_commit_callbacks(execute=True):  # the failure is logged; the write stands
            handoff(note, key="broker-down", value=7)
    assert ran == [] and Handoff.objects.get(key="broker-down").done_at is None
    lose_time("broker-down")
    sweep_handoffs()
    assert ran == [7] and Handoff.objects.get(key="broker-down").done_at is not None


def test_done_hand_offs_are_forgotten_after_a_while_and_open_ones_never(django_capture_on_commit_callbacks, settings):
    with django_capture_on_commit_callbacks(execute=True):
        handoff(note, key="old-done", value=1)
    with django_capture_on_commit_callbacks():
        handoff(note, key="old-open", value=2)
    long_ago = timezone.now() - timedelta(days=settings.HANDOFF_KEEP_DONE_DAYS + 1)
    Handoff.objects.update(created_at=long_ago)
    Handoff.objects.filter(key="old-done").update(done_at=long_ago)
    Handoff.objects.filter(key="old-open").update(attempts=settings.HANDOFF_MAX_ATTEMPTS)
    assert sweep_handoffs()["forgotten"] == 1
    assert list(Handoff.objects.values_list("key", flat=True)) == ["old-open"]


def test_only_a_task_of_this_project_can_be_handed_off():
    with pytest.raises(TypeError):
        handoff(print, key="print", value=1)
    with pytest.raises(ValueError, match="too long"):
        handoff(note, key="x" * 300, value=1)
