"""The read replica: read-only requests read from it, writers read their own writes from the primary.

The `replica` alias is a second connection to the test database (TEST MIRROR, tests/conftest.py). A test
runs in a transaction the replica's connection cannot see, so what a test creates is exactly what a
replica that has not caught up yet lacks: a page read from the replica does not find it.
"""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community import replicas
from community.accounts.models import User
from forum.models import Question
from tests.accounts.factories import UserFactory
from tests.forum.factories import QuestionFactory

pytestmark = pytest.mark.django_db(databases=["default", "replica"])


@pytest.fixture(autouse=True, scope="module")
def _close_the_replica():
    """The test database is dropped at the end, and no connection may hold it then (each test's end checks
    deferred constraints on every alias, the replica too, which opens its connection)."""
    yield
    connections["replica"].close()


@pytest.fixture
def with_replica(settings):
    settings.DATABASE_ROUTERS = ["community.replicas.ReplicaRouter"]
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(
        middleware.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "community.replicas.ReadYourWritesMiddleware",
    )
    settings.MIDDLEWARE = middleware


def alias_inside(method: str, look, *, cookies: dict | None = None):
    """What `look()` returns while a request with this method is being answered."""
    seen = []
    request = getattr(RequestFactory(), method.lower())("/")
    request.COOKIES.update(cookies or {})
    replicas.ReadYourWritesMiddleware(lambda r: seen.append(look()) or HttpResponse())(request)
    return seen[0]


def test_a_read_only_request_reads_from_the_replica(with_replica):
    assert alias_inside("GET", lambda: Question.objects.all().db) == "replica"
    assert alias_inside("HEAD", lambda: User.objects.all().db) == "replica"


def test_writes_transactions_and_reads_for_update_use_the_primary(with_replica):
    assert alias_inside("POST", lambda: Question.objects.all().db) == DEFAULT_DB_ALIAS
    assert alias_inside("GET", lambda: Question.objects.select_for_update().db) == DEFAULT_DB_ALIAS

    def in_a_transaction():
        with transaction.atomic():
            return Question.objects.all().db

    assert alias_inside("GET", in_a_transaction) == DEFAULT_DB_ALIAS
    assert alias_inside("GET", lambda: Session.objects.all().db) == DEFAULT_DB_ALIAS


def test_outside_a_request_everything_uses_the_primary(with_replica):
    # Celery tasks, management commands, the shell.
    assert Question.objects.all().db == DEFAULT_DB_ALIAS


def test_a_write_pins_the_rest_of_the_request_and_the_cache_fill_to_the_primary(with_replica):
    def write_then_read():
        UserFactory()
        return Question.objects.all().db

    assert alias_inside("GET", write_then_read) == DEFAULT_DB_ALIAS

    def fill_the_cache():
        with replicas.primary_reads():
            inside = Question.objects.all().db
        return inside, Question.objects.all().db

    assert alias_inside("GET", fill_the_cache) == (DEFAULT_DB_ALIAS, "replica")


def test_a_pin_is_honoured_until_it_expires(with_replica):
    soon = {replicas.PIN_COOKIE: str(int(time.time()) + 5)}
    past = {replicas.PIN_COOKIE: str(int(time.time()) - 1)}
    assert alias_inside("GET", lambda: Question.objects.all().db, cookies=soon) == DEFAULT_DB_ALIAS
    assert alias_inside("GET", lambda: Question.objects.all().db, cookies=past) == "replica"
    assert alias_inside("GET", lambda: Question.objects.all().db, cookies={replicas.PIN_COOKIE: "x"}) == "replica"


def test_the_writer_reads_their_own_answer_while_the_replica_lags(client, with_replica, settings):
    settings.DATABASE_REPLICA_PIN_SECONDS = 10
    question = QuestionFactory()
    member = UserFactory()
    client.force_login(member)

    answered = client.post(reverse("forum:answer-create", args=[question.pk]), {"body": "Reset it from the app."})
    assert answered.status_code == 302
    pin = answered.cookies[replicas.PIN_COOKIE]
    assert pin["max-age"] == 10 and pin["httponly"]
    assert int(pin.value) > time.time()

    # Pinned: every read of the next page comes from the primary, which has the answer and the member.
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        page = client.get(question.get_absolute_url())
    assert page.status_code == 200
    assert "Reset it from the app." in page.content.decode()
    assert on_replica.captured_queries == []
    assert client.get(reverse("accounts:profile", args=[member.handle])).status_code == 200

    # A reader without a pin reads from the replica, which has not caught up with the new member yet.
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        profile = client.__class__().get(reverse("accounts:profile", args=[member.handle]))
    assert profile.status_code == 404
    assert any("accounts_user" in query["sql"] for query in on_replica.captured_queries)

    # Once the pin expires the writer reads from the replica again (a real one has caught up by then).
    client.cookies[replicas.PIN_COOKIE] = str(int(time.time()) - 1)
    assert client.get(reverse("accounts:profile", args=[member.handle])).status_code == 404


def test_without_a_replica_nothing_is_routed_and_no_cookie_is_set(client):
    question = QuestionFactory()
    client.force_login(UserFactory())
    answered = client.post(reverse("forum:answer-create", args=[question.pk]), {"body": "Reset it from the app."})
    assert answered.status_code == 302
    assert replicas.PIN_COOKIE not in answered.cookies


def test_database_replica_url_adds_the_alias_the_router_and_the_middleware():
    code = (
        "from django.conf import settings as s; r = s.DATABASES['replica'];"
        "print(r['HOST'], r['NAME'], r['TEST']['MIRROR'], s.DATABASE_ROUTERS[0],"
        " s.MIDDLEWARE.index('community.replicas.ReadYourWritesMiddleware')"
        " < s.MIDDLEWARE.index('django.contrib.sessions.middleware.SessionMiddleware'))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=django_settings.BASE_DIR,
        env={**os.environ, "DATABASE_REPLICA_URL": "postgresql://reader:secret@db-replica:5432/peerdesk"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    expected = ["db-replica", "peerdesk", "default", "community.replicas.ReplicaRouter", "True"]
    assert result.stdout.strip().splitlines()[-1].split() == expected, result.stderr
