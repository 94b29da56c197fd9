"""Bad input never makes a 500: every route, every parameter, in the path, the query and the form; and no GET
writes to the database.

The site is walked as each kind of visitor: a working address per route comes from following the site's
own links (path parameters filled with real objects), then each path part, query parameter and form field
gets values it does not expect: a NUL byte, 10 kB, unknown words, numbers out of range, broken UTF-8.
"""

import inspect
import re
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from community import audit, demo
from community.accounts.models import DataExport
from community.accounts.privacy import exports
from forum import services as forum_services
from forum.models import Question, SearchDocument
from forum.services import viewcounts
from helpdesk.models import ApiToken, Helpdesk, QueueItem, ResponsePolicy, TicketLink, WebhookDelivery, WebhookEndpoint
from ideas.models import Idea
from moderation import services as moderation
from moderation.models import Policy, RateLimit, Restriction
from notifications import emails
from notifications.models import Notification
from superusers.models import ReputationEntry

from . import urlwalk

pytestmark = pytest.mark.django_db

VISITORS = {"anonymous": None, "member": "mia", "admin": "ada"}
# An OpenID Connect provider comes from settings, not from the database: its routes answer 404 here.
NO_SAMPLE = set()


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """Demo data, and a working address for every route, found by walking the site as each kind of visitor.

    Built once for the module in a transaction rolled back at its end; each test runs inside it.
    """
    quick = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "walk"}},
    )
    with django_db_blocker.unblock(), quick, transaction.atomic():
        yield build_site(Client())
        transaction.set_rollback(True)


def build_site(client) -> dict:
    with TestCase.captureOnCommitCallbacks() as after_commit:
        people = demo.seed()
    # The forum's handlers build the search index; the knowledge base comes from its service directly. The
    # hand-offs (reputation, notifications, articles) stay pending: their messages would take most of the
    # time and give no route anything that is not made here (their rows fill the hand-off admin).
    for callback in after_commit:
        if callback.__module__.startswith("forum."):
            callback()
    for question_id in Question.objects.filter(is_solved=True).values_list("pk", flat=True):
        forum_services.sync_article(question_id=question_id)
    member = people["mia"]
    question = Question.objects.exclude(author=member).order_by("pk").last()
    flag = moderation.flag_post(post=question, by=member, reason="spam")
    # Rows the admin lists (the moderation settings, an audit entry), so their admin pages are reached too.
    Policy.objects.create()
    audit.record(actor=people["ada"], action="super_user_demoted", subject=member, note="=1+1")
    app = SocialApp.objects.create(
        provider="openid_connect",
        provider_id="company",
        name="Company",
        client_id="x",
        settings={"server_url": "https://id.example.invalid"},
    )
    account = SocialAccount.objects.create(user=member, provider="company", uid="mia")
    SocialToken.objects.create(app=app, account=account, token="t")
    ReputationEntry.objects.create(user=member, points=10, reason="answer_accepted", event_id=uuid.uuid4())
    # Rows an admin edits or looks at in the administration: a moderation policy, a rate limit, a suspension.
    Policy.objects.create()
    RateLimit.objects.create(role="member", action="vote", limit=80, minutes=60)
    Restriction.objects.create(user=people["ben"], kind="silenced", reason="Too many adverts.", by=people["ada"])
    # The helpdesk's rows an admin edits: a helpdesk, the response settings, an API token.
    desk, _ = Helpdesk.objects.get_or_create(slug="zendesk", defaults={"name": "Zendesk"})
    ResponsePolicy.objects.first() or ResponsePolicy.objects.create()
    from insights.models import InsightsSettings

    InsightsSettings.objects.first() or InsightsSettings.objects.create()
    # An automatic first reply, which the administration lists and shows.
    from forum.models import InstantAnswer

    replied = Question.objects.exclude(pk=question.pk).filter(instant_answer__isnull=True).first() or question
    InstantAnswer.objects.get_or_create(question=replied, defaults={"language": "en", "links": [], "confidence": 0.9})
    ApiToken.objects.create(name="sidebar", helpdesk=desk, prefix="abcdefgh", key_hash=ApiToken.hash_of("walk"))
    delivery = WebhookDelivery.objects.create(
        endpoint=WebhookEndpoint.objects.first(),
        event="answer.accepted",
        event_id=uuid.uuid4(),
        occurred_at=question.created_at,
        payload={},
        status="failed",
    )
    queued = QueueItem.objects.create(question=question, reason="unanswered", waiting_since=question.created_at)
    link = TicketLink.objects.select_related("ticket").first()
    Notification.objects.create(
        recipient=member, kind="new_answer", group_key="g", title="t", url=question.get_absolute_url()
    )
    idea = Idea.objects.annotate(n=Count("comments")).order_by("-n").first()
    reset_key = f"{user_pk_to_url_str(member)}-{default_token_generator.make_token(member)}"
    export = DataExport.objects.create(user=member, status=DataExport.Status.READY, file_name="exports/walk.zip")
    # Addresses that no page links to: they come in emails, from typing, or from a staff member's memory.
    samples = {
        "notifications/unsubscribe/<str:token>/": reverse(
            "notifications:unsubscribe", args=[emails.unsubscribe_token(member.pk, "new_answer")]
        ),
        "accounts/confirm-email/(?P<key>[-:\\w]+)/$": reverse(
            "account_confirm_email", args=[EmailConfirmationHMAC(EmailAddress.objects.get(user=member)).key]
        ),
        "accounts/password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": (
            f"/accounts/password/reset/key/{reset_key}/"
        ),
        "settings/privacy/download/<str:token>/": reverse(
            "accounts:privacy-export-download", args=[exports.token_for(export)]
        ),
        "super-users/<int:pk>/promote/": reverse("superusers:promote", args=[member.pk]),
        "super-users/<int:pk>/demote/": reverse("superusers:demote", args=[people["sophie"].pk]),
        "moderation/people/<str:handle>/suspend/": reverse("moderation:suspend", args=[member.handle]),
        "moderation/people/<str:handle>/lift/": reverse("moderation:lift", args=[member.handle]),
        "ask/similar/<int:document_id>/": reverse("forum:ask-similar-open", args=[SearchDocument.objects.first().pk]),
        "ideas/<int:pk>/threads/<int:question_pk>/unlink/": reverse("ideas:thread-unlink", args=[idea.pk, question.pk]),
        "admin/r/<path:content_type_id>/<path:object_id>/": reverse(
            "admin:view_on_site", args=[ContentType.objects.get_for_model(Question).pk, question.pk]
        ),
        "admin/(?P<url>.*)$": "/admin/nothing-here/",
        "moderation/review/<int:pk>/": reverse("moderation:handle", args=[flag.pk]),
        "posts/<str:kind>/<int:pk>/ask-review/": reverse("forum:ask-review", args=["question", question.pk]),
        "api/helpdesk/threads/<thread_id>": f"/api/helpdesk/threads/{question.pk}",
        "api/helpdesk/tickets/<system>/<ticket_id>/threads": "/api/helpdesk/tickets/zendesk/4711/threads",
        "api/helpdesk/tickets/<system>/<ticket_id>/links": "/api/helpdesk/tickets/zendesk/4711/links",
        "api/helpdesk/tickets/<system>/<ticket_id>/links/<question_id>": (
            f"/api/helpdesk/tickets/zendesk/4711/links/{question.pk}"
        ),
        "api/helpdesk/tickets/<system>/<ticket_id>/status": "/api/helpdesk/tickets/zendesk/4711/status",
        "helpdesk/inbound/<slug:system>/status": reverse("helpdesk:inbound-status", args=["zendesk"]),
        "helpdesk/webhooks/<int:pk>/send-again/": reverse("helpdesk:webhook-send-again", args=[delivery.pk]),
        "helpdesk/queue/<int:pk>/done/": reverse("helpdesk:queue-item-done", args=[queued.pk]),
        "helpdesk/links/<int:pk>/remove/": reverse("helpdesk:ticket-unlink", args=[link.pk]),
        "helpdesk/tickets/<slug:system>/<path:number>/": reverse(
            "helpdesk:ticket-detail", args=["zendesk", link.ticket.external_id]
        ),
    }
    thread = Question.objects.annotate(n=Count("replies")).order_by("-n").first()
    start = ["/", thread.get_absolute_url(), idea.get_absolute_url(), "/settings/", "/admin/", "/moderation/"]
    forms = {}
    for kind, handle in VISITORS.items():
        client.logout()
        if handle:
            client.force_login(people[handle])
        found, forms[kind] = urlwalk.crawl(client, start)
        samples = {**found, **samples}
    samples = urlwalk.borrow(samples, urlwalk.routes())
    client.force_login(member)
    closed = {route for route, address in samples.items() if client.get(address).status_code in {302, 403, 404}}
    return {"people": people, "samples": samples, "forms": forms, "closed_to_members": closed}


def test_every_route_with_path_parameters_is_reached(site):
    routes = urlwalk.routes()
    missing = {urlwalk.key(r.pattern) for r in routes if r.parts and urlwalk.key(r.pattern) not in site["samples"]}
    assert sorted(missing - NO_SAMPLE) == []


def project_source(address: str) -> Path | None:
    """The module of the view behind the address when it is the project's own (not the admin's or allauth's)."""
    view = inspect.unwrap(resolve(urlsplit(address).path).func)
    try:
        source = Path(inspect.getsourcefile(getattr(view, "view_class", view)))
    except TypeError:
        return None
    return source if source.is_relative_to(settings.BASE_DIR) and ".venv" not in source.parts else None


def names_read_by(address: str) -> list[str]:
    """The parameters the project's view module reads by name; each gets bad values on its own."""
    source = project_source(address)
    return sorted(set(urlwalk.READS.findall(source.read_text()))) if source else []


def show(value) -> str:
    text = repr(value)
    return text if len(text) < 40 else f"{text[:20]}…({len(value)})"


class Walk:
    def __init__(self, client):
        self.client = client
        self.failures: list[str] = []

    def get(self, address: str, what: str = ""):
        response = self.client.get(address)
        if response.status_code >= 500:
            self.failures.append(f"{response.status_code} GET {address[:100]} {what}")
        return response

    def post(self, address: str, data: dict, what: str):
        response = self.client.post(address, data)
        if response.status_code >= 500:
            self.failures.append(f"{response.status_code} POST {address} {what}")
        return response


def routes_for(site, visitor: str) -> list[urlwalk.Route]:
    """Every route for signed-out visitors and members; for the admin, what members cannot open."""
    routes = urlwalk.routes()
    if visitor != "admin":
        return routes
    return [r for r in routes if urlwalk.key(r.pattern) in site["closed_to_members"] or r.pattern.startswith("admin/")]


@pytest.mark.parametrize("visitor", ["anonymous", "member", "admin"])
def test_no_get_route_answers_bad_input_with_a_5xx(site, visitor):
    client = Client(raise_request_exception=False)
    if VISITORS[visitor]:
        client.force_login(site["people"][VISITORS[visitor]])
    walk, names = Walk(client), urlwalk.parameter_names()
    for route in routes_for(site, visitor):
        address = site["samples"].get(urlwalk.key(route.pattern)) if route.parts else route.url({})
        base = walk.get(address) if address else None
        # A page that sends this visitor to sign in reads nothing first: a few values show that it stays so.
        to_login = base is not None and base.status_code == 302 and "/login/" in base.url
        payloads = urlwalk.SHORT_PAYLOADS[:2] if to_login else urlwalk.PAYLOADS
        good = resolve(address).kwargs if address else {}
        for part in route.parts:
            for payload in payloads:
                walk.get(route.url({p: str(good.get(p, "1")) for p in route.parts} | {part: payload}))
        if base is None or base.status_code == 405:
            continue
        for payload in payloads:
            walk.get(address + urlwalk.query(dict.fromkeys(names, payload)), f"(every parameter {show(payload)})")
        for name in [] if to_login else names_read_by(address):
            for payload in urlwalk.SHORT_PAYLOADS:
                walk.get(address + urlwalk.query({name: payload}), f"({name}={show(payload)})")
    assert walk.failures == []


@pytest.mark.parametrize("visitor", ["anonymous", "member", "admin"])
def test_no_form_answers_bad_input_with_a_5xx(site, visitor):
    client = Client(raise_request_exception=False)
    user = site["people"][VISITORS[visitor]] if VISITORS[visitor] else None
    walk = Walk(client)
    # Forms that remove something go last, so that the others still find what they post to. Company login
    # posts on to the identity provider, which a test cannot reach.
    forms = [f for f in site["forms"][visitor].values() if not f.action.startswith("/accounts/oidc/")]
    forms.sort(key=lambda f: bool(re.search("delete|logout", f.action)))
    for form in forms:
        if user:
            client.force_login(user)
        ours = project_source(form.action) is not None
        for payload in urlwalk.SHORT_PAYLOADS if ours else urlwalk.SHORT_PAYLOADS[:3]:
            walk.post(form.action, dict.fromkeys(form.fields, payload), f"(every field {show(payload)})")
        # Each field alone: a NUL everywhere; the other values where our own code handles the form.
        for payload in urlwalk.SHORT_PAYLOADS if ours else ["\x00"]:
            for name in form.fields:
                walk.post(form.action, {**form.fields, name: payload}, f"({name}={show(payload)})")
    assert walk.failures == []


WRITES = re.compile(r'^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.I)


# Following a notification marks it read on the way (notifications/views.py): the one GET that still writes.
@pytest.mark.parametrize("visitor", ["anonymous", "member"])
def test_no_get_route_writes_to_the_database(site, visitor, monkeypatch):
    """Reading a page changes nothing: what a page counts is buffered (views) or posted (the ask page's figures).

    Buffered views go to the worker when due; tests run its task at once, so here they are never due.
    """
    monkeypatch.setattr(viewcounts, "FLUSH_SECONDS", 10**9)
    monkeypatch.setattr(viewcounts, "FLUSH_SIZE", 10**9)
    client = Client(raise_request_exception=False)
    if VISITORS[visitor]:
        client.force_login(site["people"][VISITORS[visitor]])
    written = []
    for route in urlwalk.routes():
        address = site["samples"].get(urlwalk.key(route.pattern)) if route.parts else route.url({})
        if not address or "logout" in address:
            continue
        with CaptureQueriesContext(connection) as captured:
            client.get(address)
        for query in captured.captured_queries:
            match = WRITES.match(query["sql"])
            if match and match[2] != "django_session":
                written.append(f"GET {address}: {match[1]} {match[2]}")
    assert written == []
