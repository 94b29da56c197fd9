"""A real Celery worker and beat, a real broker, and a SIGKILL in the middle of sending.

Every notification and every email must arrive exactly once: the delivery rows are keyed, the
sweep (run by beat every second here) resends what the killed worker left.
"""

import time

import pytest
from django.contrib.contenttypes.models import ContentType

from community.accounts.models import User
from community.celery import app as celery_app
from forum import services as forum
from forum.models import Question
from notifications.models import Delivery, Notification, Subscription
from tests.accounts.factories import UserFactory
from tests.forum.factories import QuestionFactory
from tests.workers import Workers

FOLLOWERS = 600
TIMEOUT = 180

pytestmark = pytest.mark.django_db(transaction=True)


def sent_emails() -> int:
    return Delivery.objects.filter(channel="email", status="sent").count()


def test_a_worker_killed_mid_batch_leaves_nothing_lost_and_nothing_twice(tmp_path):
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    asker = UserFactory()
    question = QuestionFactory(author=asker)
    followers = User.objects.bulk_create(
        [
            User(email=f"follower{n}@example.com", handle=f"follower{n}", display_name=f"Follower {n}")
            for n in range(FOLLOWERS)
        ]
    )
    question_type = ContentType.objects.get_for_model(Question)
    Subscription.objects.bulk_create(
        [Subscription(user=f, content_type=question_type, object_id=question.pk) for f in [asker, *followers]]
    )
    expected = FOLLOWERS + 1  # everyone who follows, the answerer aside

    workers = Workers(var_dir)
    conf = celery_app.conf
    saved = conf.task_always_eager
    # This process enqueues for real, into the broker (the run's Redis) the worker reads.
    conf.task_always_eager = False
    celery_app.control.purge()  # nothing left from an earlier run
    workers.start()
    try:
        forum.post_answer(question=question, by=UserFactory(), body="The answer everyone is waiting for.")
        deadline = time.monotonic() + TIMEOUT
        while not 0 < sent_emails() < expected - 50:  # in the middle of the emails
            assert time.monotonic() < deadline, "the worker never started sending"
            time.sleep(0.02)
        workers.kill()
        at_kill = sent_emails()
        assert 0 < at_kill < expected

        workers.start()
        while sent_emails() < expected:
            assert time.monotonic() < deadline, f"only {sent_emails()} of {expected} emails after restart"
            time.sleep(0.25)
        time.sleep(3)  # let any duplicate the sweep might send arrive, so we would count it
    finally:
        workers.kill()
        conf.task_always_eager = saved

    assert Notification.objects.filter(question_link(question)).count() == expected
    assert Notification.objects.filter(question_link(question)).values("recipient").distinct().count() == expected
    emails = Delivery.objects.filter(channel="email")
    assert emails.count() == expected and emails.filter(status="sent").count() == expected
    # One message per delivery on disk, each with its own stable Message-ID (what a mail server or program
    # uses to drop a copy, should a kill fall between sending and recording it as sent).
    files = list((var_dir / "mail").glob("*.eml"))
    assert len(files) == expected
    headers = [
        dict(line.split(": ", 1) for line in f.read_text().split("\r\n\r\n")[0].splitlines() if ": " in line)
        for f in files
    ]
    assert len({h["To"] for h in headers}) == expected
    assert len({h["Message-ID"] for h in headers}) == expected


def question_link(question):
    from django.db.models import Q

    return Q(url__startswith=question.get_absolute_url())
