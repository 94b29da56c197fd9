"""Who may write where: every route of the project, tried by every role, against the rules modules.

Each route that takes a POST has an entry in authorization_table.py naming the rule that decides it (a
`rules` permission, "any signed-in person", the Django admin's permissions, ...). Every role in
authorization_world.ROLES posts the route's form; the rule, asked for that person, says whether the write
must go through (a 2xx or 3xx that did the thing) or be refused (403, 404, or off to a login page, with
nothing written). A route that takes a POST and writes nothing for anyone is READS, and the test holds it
to that. A route missing from the table fails, named, as does an entry whose route is gone.

Each try runs in a savepoint rolled back at its end, on one world made once for the module.
"""

import logging
import re
from dataclasses import dataclass
from http.cookies import SimpleCookie
from types import ModuleType
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse
from django.views.decorators.http import require_GET

from forum.services import viewcounts

from . import authorization_world, urlwalk
from .authorization_rules import DOOR, MAIL, READS, WRITES, Entry
from .authorization_table import address, table

pytestmark = pytest.mark.django_db

ROLES = authorization_world.ROLES
TABLE = table()
LOGIN_PAGES = {reverse("account_login"), "/admin/login/"}
WRITE_SQL = re.compile(r'^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.I)


@dataclass
class Matrix:
    world: authorization_world.World
    sessions: dict[str, str]  # role: its session key
    users: dict  # role: the person as a request loads them
    client: Client


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker, tmp_path_factory):
    private = {"location": tmp_path_factory.mktemp("private"), "base_url": "/x/"}
    quick = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "matrix"}},
        # The copies of people's data lie in a folder of the module's own (one is downloaded here).
        STORAGES={**settings.STORAGES, "private": {**settings.STORAGES["private"], "OPTIONS": private}},
    )
    with django_db_blocker.unblock(), quick, transaction.atomic():
        world = authorization_world.build()
        sessions = {}
        for role, user in world.people.items():
            if user.is_authenticated:
                client = Client()
                client.force_login(user)
                sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        users = {role: world.signed_in(role) for role in ROLES}
        yield Matrix(world, sessions, users, Client(raise_request_exception=False))
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _quiet(monkeypatch):
    """Counted views stay in their buffer (never due here), and refusals are not logged one by one."""
    monkeypatch.setattr(viewcounts, "FLUSH_SECONDS", 10**9)
    monkeypatch.setattr(viewcounts, "FLUSH_SIZE", 10**9)
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@dataclass
class Attempt:
    status: int
    location: str
    writes: list[str]
    mails: int
    response: object


def attempt(matrix: Matrix, url: str, data: dict, role: str, method: str = "post", forget: bool = True) -> Attempt:
    """One request as the role, in a savepoint rolled back afterwards: what it answered and wrote.

    `forget`: the cache is emptied afterwards (kept pages and rate limits of what was rolled back go with
    it); a request that only read leaves what it kept, which still matches the world.
    """
    client = matrix.client  # one client: a new one would load the middleware (and WhiteNoise's file list) again
    client.cookies = SimpleCookie()
    if role in matrix.sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = matrix.sessions[role]
    before = len(mail.outbox)
    with transaction.atomic():
        with CaptureQueriesContext(connection) as captured:
            if method == "post":
                response = client.post(url, data)
            else:
                body = urlencode(data, doseq=True)
                response = getattr(client, method)(url, body, content_type="application/x-www-form-urlencoded")
        transaction.set_rollback(True)
    if forget:
        cache.clear()
    writes = []
    for query in captured.captured_queries:
        match = WRITE_SQL.match(query["sql"])
        if match and match[2] != "django_session":
            writes.append(f"{match[1]} {match[2]}")
    sent = len(mail.outbox) - before
    del mail.outbox[before:]
    return Attempt(response.status_code, response.get("Location", ""), writes, sent, response)


def did_it(entry: Entry, tried: Attempt, world) -> bool:
    if tried.status >= 400:
        return False
    if entry.effect == WRITES:
        return bool(tried.writes)
    if entry.effect == MAIL:
        return tried.mails > 0
    if entry.effect == DOOR:
        return not to_login(tried)
    return entry.effect(tried.response, world)


def to_login(tried: Attempt) -> bool:
    return tried.status in {301, 302} and urlsplit(tried.location).path in LOGIN_PAGES


def outcome(entry: Entry, tried: Attempt, world) -> str:
    """ "allowed", "refused", or what else happened."""
    if tried.status >= 500 and not (entry.outside and tried.status == 503):
        return f"a {tried.status}"
    if did_it(entry, tried, world):
        return "allowed"
    if tried.writes:
        return f"{tried.status} and wrote {tried.writes[:3]}"
    if tried.status in {403, 404} or to_login(tried) or (entry.refusal == "quiet" and tried.status != 405):
        return "refused"
    if entry.refusal == "form" and 400 <= tried.status < 500 and tried.status != 405:
        return "refused"
    return f"{tried.status} {tried.location} without doing it"


def route_keys() -> dict[str, urlwalk.Route]:
    return {route.name: route for route in urlwalk.routes()}


@pytest.mark.parametrize("key", sorted(TABLE))
def test_each_role_may_write_as_the_rules_say(matrix, key):
    entry, routes = TABLE[key], route_keys()
    assert key in routes, f"{key} is in the authorization table but no such route exists: remove its entry"
    url = address(routes[key], entry, matrix.world)
    wrong = []
    for role in ROLES:
        tried = attempt(matrix, url, entry.payload(matrix.world, role), role, forget=entry.rule is not READS)
        got = outcome(entry, tried, matrix.world)
        if entry.rule is READS:
            if tried.writes or got.startswith("a 5"):
                wrong.append(f"as {role}: a page that only reads answered {got}")
            continue
        expected = "allowed" if entry.rule.allows(matrix.users[role], matrix.world) else "refused"
        if got != expected:
            wrong.append(f"as {role}: the rule ({entry.rule}) says {expected}, the view: {got}")
    assert wrong == [], f"POST {url} ({key})\n" + "\n".join(wrong)


def routes_missing_from_the_table(matrix: Matrix) -> list[str]:
    """Routes without an entry that answer a write with anything but 405, each with what it answered."""
    missing = []
    for key, route in route_keys().items():
        if key in TABLE:
            continue
        url = route.url(dict.fromkeys(route.parts, "1"))
        answers = {
            method: attempt(matrix, url, {}, "admin", method).status for method in ("post", "put", "patch", "delete")
        }
        if any(status != 405 for status in answers.values()):
            missing.append(f"{key} ({route.pattern}) answers {answers}")
    return missing


def test_every_route_that_takes_a_write_is_in_the_table(matrix):
    """A route answers POST, PUT, PATCH and DELETE with 405, or it has an entry: else it is named here."""
    missing = routes_missing_from_the_table(matrix)
    assert missing == [], "add these routes to tests/community/authorization_table.py:\n" + "\n".join(missing)


def test_a_new_route_without_an_entry_is_named(matrix, settings):
    from community import urls

    def note(request, pk=0):
        return HttpResponse("noted")

    extra = [path("notes/<int:pk>/", note, name="note-save"), path("notes/", require_GET(note), name="notes")]
    urlconf = ModuleType("urls_with_notes")
    urlconf.urlpatterns = [*urls.urlpatterns, *extra]
    settings.ROOT_URLCONF = urlconf
    assert routes_missing_from_the_table(matrix) == [
        "note-save (notes/<int:pk>/) answers {'post': 200, 'put': 200, 'patch': 200, 'delete': 200}"
    ]


def test_put_patch_and_delete_write_nothing(matrix):
    """The project's views write on POST only: another method is refused (405) or read like a GET.

    Tried by the admin, whom most writes let in, on the routes that write (a GET to the others writes
    nothing: tests/community/test_bad_input.py).
    """
    routes, wrote, role = route_keys(), [], "admin"
    for key, entry in sorted(TABLE.items()):
        if key.startswith("admin") or key not in routes or entry.rule is READS:
            continue
        url = address(routes[key], entry, matrix.world)
        for method in ("put", "patch", "delete"):
            tried = attempt(matrix, url, entry.payload(matrix.world, role), role, method)
            if tried.writes or (tried.status >= 500 and not entry.outside):
                wrong = tried.writes or tried.status
                wrote.append(f"{method.upper()} {url} ({key}) as {role}: {wrong}")
    assert wrote == []
