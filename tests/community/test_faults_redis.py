"""Redis down, for real: the cache points at a Redis that is stopped (or never ran), and the site goes on.

Pages, sign-in (with its rate limiter), sessions and writes answer from the database; a write's hand-offs
wait as rows while the broker does not answer and are sent by the sweep once it does.
"""

import logging
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from community import cache as forgiving
from community import embedded_redis, handoffs
from community.celery import app as celery_app
from community.models import Handoff
from community.tasks import sweep_handoffs
from forum.models import Answer
from tests.accounts.factories import PASSWORD, UserFactory
from tests.forum.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def cache_at(location: str) -> dict:
    options = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    return {"default": {"BACKEND": "community.cache.ForgivingRedisCache", "LOCATION": location, "OPTIONS": options}}


@pytest.fixture
def redis_down(settings, tmp_path):
    """The cache (and so the sessions and the rate limiters) on a Redis socket nobody listens on."""
    forgiving.resume()
    settings.CACHES = cache_at(f"unix://{tmp_path}/nobody-listens.sock?db=0")
    yield
    forgiving.resume()


@pytest.fixture
def own_redis(settings, tmp_path):
    """A Redis of this test's own (the wheel's server, under tmp_path), as the cache: to stop and start."""
    forgiving.resume()
    folder = tmp_path / "redis"
    embedded_redis.start(folder)
    settings.CACHES = cache_at(embedded_redis.url(folder))
    yield folder
    embedded_redis.stop(folder)
    forgiving.resume()


def test_pages_answer_from_the_database_while_the_cache_is_down(client, redis_down):
    answer = AnswerFactory()
    for path in ("/", answer.question.get_absolute_url(), reverse("ideas:idea-list"), "/knowledge-base/"):
        assert client.get(path).status_code == 200, path


def test_signing_in_works_and_a_wrong_password_gets_the_form_while_the_cache_is_down(client, redis_down):
    user = UserFactory()
    wrong = client.post(reverse("account_login"), {"login": user.email, "password": "not-the-password"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session
    right = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert right.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
    # The session was written to the database (the cached copy could not be): the next page knows the person.
    page = client.get("/")
    assert page.status_code == 200 and user.display_name in page.content.decode()


def test_a_signed_in_write_succeeds_while_the_cache_is_down(client, redis_down, django_capture_on_commit_callbacks):
    question = QuestionFactory()
    client.force_login(UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("forum:answer-create", args=[question.pk]), {"body": "Restart the router, then wait a minute."}
        )
    assert response.status_code == 302
    assert Answer.objects.filter(question=question, body__startswith="Restart the router").exists()


def test_a_restarted_redis_is_used_again_and_the_outage_is_logged_once(own_redis, caplog):
    cache.set("kept", "before", 60)
    assert cache.get("kept") == "before"
    embedded_redis.stop(own_redis)
    with caplog.at_level(logging.WARNING, logger="community.cache"):
        assert cache.get("kept", "missing") == "missing"
        assert cache.get_many(["kept", "other"]) == {}
        cache.set("written", "while down", 60)  # skipped, not raised
        assert cache.incr("counter") == 1  # counts from here: a rate limit starts again
        assert cache.add("lock", 1) is True  # a lock nobody can hold is the caller's: limits fail open
    assert [r.getMessage() for r in caplog.records].count(caplog.records[0].getMessage()) == 1
    assert "does not answer" in caplog.records[0].getMessage()

    embedded_redis.start(own_redis)
    time.sleep(forgiving.PAUSE_SECONDS + 0.1)  # the pause after a failure ends; Redis is asked again
    assert cache.get("kept") == "before"  # append-only: what was kept before the restart is there
    cache.set("written", "after", 60)
    assert cache.get("written") == "after"


@pytest.fixture
def broker_down(monkeypatch):
    """This process sends for real, into a broker nobody listens on (port 1); restored afterwards."""
    conf = celery_app.conf
    saved = conf.broker_url, conf.task_always_eager
    conf.broker_url, conf.task_always_eager = "redis://127.0.0.1:1/0", False
    # Celery keeps its connection and producer pools for the broker it first met, and offers no way to start
    # them afresh but to drop them; monkeypatch puts the run's own back afterwards.
    monkeypatch.setattr(celery_app, "_pool", None)
    monkeypatch.setattr(celery_app.amqp, "_producer_pool", None)
    yield
    conf.broker_url, conf.task_always_eager = saved
    handoffs.resume_broker()


def test_a_write_while_the_broker_is_down_is_kept_and_its_tasks_run_when_it_is_back(
    client, broker_down, django_capture_on_commit_callbacks
):
    question = QuestionFactory()
    client.force_login(UserFactory())
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("forum:answer-create", args=[question.pk]), {"body": "Written while the broker is down."}
        )
    assert response.status_code == 302
    # The first failed publish pauses the others: the request does not pay kombu's retries per hand-off.
    assert time.monotonic() - started < 5
    assert Answer.objects.filter(question=question).exists()
    pending = Handoff.objects.filter(done_at__isnull=True)
    waiting = set(pending.values_list("pk", flat=True))
    assert len(waiting) >= 2, "an answer hands off its notifications, points, mood, ..."
    assert set(pending.values_list("task", flat=True)) >= {"notifications.tasks.run_fanout"}

    # A broker is back (here: the tasks run in this process) and the sweep finds the rows a minute later.
    celery_app.conf.task_always_eager = True
    Handoff.objects.update(sent_at=timezone.now() - timedelta(minutes=2))
    sweep_handoffs()
    assert not Handoff.objects.filter(pk__in=waiting, done_at__isnull=True).exists()


def test_readiness_names_the_cache_while_redis_is_down(client, redis_down):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"].startswith("cache unreachable: ConnectionError")
