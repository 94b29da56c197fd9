"""Spam defence: links from new members, repeated links, links many new accounts post, and an
Akismet-compatible spam checker tested against a real HTTP server on this machine."""

import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from django.http import HttpResponse
from django.utils import timezone

from community.accounts.models import Role
from forum import checks as forum_checks
from moderation import spam
from moderation.middleware import RestrictionMiddleware
from moderation.models import Policy, PostedLink
from tests.accounts.factories import UserFactory
from tests.forum.factories import QuestionFactory, ask

pytestmark = pytest.mark.django_db

LINK_TEXT = "Cheap watches at https://watches.example/shop and more at www.example.org/deals today."


def veteran(**kwargs):
    person = UserFactory(**kwargs)
    person.date_joined = timezone.now() - timedelta(days=90)
    person.save(update_fields=["date_joined"])
    return person


def test_links_are_found_however_they_are_written_and_compared_alike():
    text = "See [the shop](https://Shop.example/a/?utm_source=x#top), https://www.shop.example/a and `no.link`"
    assert spam.links_in(text) == ["https://Shop.example/a/?utm_source=x#top", "https://www.shop.example/a"]
    first, second = spam.links_in(text)
    assert spam.link_hash(first) == spam.link_hash(second)
    assert spam.links_in("@anna thanks, no links here") == []


def test_a_new_members_links_are_held_up_to_what_the_admin_allows():
    newcomer = UserFactory()
    assert forum_checks.hold_reason(newcomer, "answer", LINK_TEXT) == "links from a new member"
    assert forum_checks.hold_reason(newcomer, "answer", "No links in this answer at all.") is None
    Policy.objects.create(new_member_links=2)
    assert forum_checks.hold_reason(newcomer, "answer", LINK_TEXT) is None
    assert forum_checks.hold_reason(veteran(), "question", LINK_TEXT) is None


def test_a_link_repeated_in_another_thread_is_held(django_capture_on_commit_callbacks):
    member = veteran()
    with django_capture_on_commit_callbacks(execute=True):
        question = ask(by=member, body="My router manual is at https://router.example/manual.pdf, page 3.")
    assert PostedLink.objects.get().question_id == question.pk
    again = "As I said: https://router.example/manual.pdf"
    # A new question is another thread; so is an answer in another thread.
    assert forum_checks.hold_reason(member, "question", again) == "a link this member posted in another thread"
    other = QuestionFactory()
    assert forum_checks.hold_reason(member, "answer", again, question_id=other.pk) is not None
    # The same thread, or somebody else, or another link: published at once.
    assert forum_checks.hold_reason(member, "reply", again, question_id=question.pk) is None
    assert forum_checks.hold_reason(veteran(), "question", again) is None
    assert forum_checks.hold_reason(member, "question", "See https://other.example/") is None
    # Staff may repeat their links (the help centre's address, say).
    agent = veteran(roles=[Role.AGENT])
    PostedLink.objects.create(user=agent, url_hash=spam.link_hash(again[11:]), url="x", question_id=1, post="q:1")
    assert forum_checks.hold_reason(agent, "question", again) is None


def test_without_the_thread_an_answer_is_held_once_the_link_is_in_two_threads():
    member = veteran()
    url = "https://router.example/manual.pdf"
    PostedLink.objects.create(user=member, url_hash=spam.link_hash(url), url=url, question_id=1, post="question:1")
    assert forum_checks.hold_reason(member, "answer", url) is None
    PostedLink.objects.create(user=member, url_hash=spam.link_hash(url), url=url, question_id=2, post="answer:7")
    assert forum_checks.hold_reason(member, "answer", url) == "a link this member posted in another thread"


def test_a_link_that_many_new_accounts_posted_is_held_for_anyone_untrusted(settings):
    settings.SPAM_LINK_NEW_ACCOUNTS = 3
    url = "https://pills.example/buy"
    for n in range(3):
        newcomer = UserFactory()
        spam.remember_links(user_id=newcomer.pk, question_id=n + 1, post=f"question:{n + 1}", text=url)
    assert PostedLink.objects.filter(new_account=True).count() == 3
    assert forum_checks.hold_reason(veteran(), "answer", f"Try {url}") == "a link that many new accounts posted"
    assert forum_checks.hold_reason(veteran(roles=[Role.SUPER_USER]), "answer", url) is None
    PostedLink.objects.update(created_at=timezone.now() - timedelta(days=settings.SPAM_LINK_DAYS + 1))
    assert forum_checks.hold_reason(veteran(), "answer", url) is None


def test_remembering_the_same_post_twice_adds_nothing():
    member = veteran()
    for _ in range(2):
        spam.remember_links(user_id=member.pk, question_id=1, post="answer:3", text=LINK_TEXT)
    assert PostedLink.objects.count() == 2


# The spam checker against a real HTTP server


class Checker(BaseHTTPRequestHandler):
    """A comment-check service: answers what the test sets, or never (to run into the time-out)."""

    answer = "false"
    status = 200
    delay = 0.0
    seen: list[dict] = []

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        Checker.seen.append({k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()})
        time.sleep(Checker.delay)
        body = Checker.answer.encode()
        try:
            self.send_response(Checker.status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting

    def log_message(self, *args):
        pass


@pytest.fixture
def checker(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Checker)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Checker.answer, Checker.status, Checker.delay, Checker.seen = "false", 200, 0.0, []
    settings.SPAM_CHECKER_URL = f"http://127.0.0.1:{server.server_port}/1.1/comment-check"
    settings.SPAM_CHECKER_TIMEOUT = 0.5
    yield Checker
    Checker.delay = 0.0
    server.shutdown()
    server.server_close()


def test_the_spam_checker_is_off_unless_configured(settings):
    settings.AKISMET_KEY, settings.SPAM_CHECKER_URL = "", ""
    assert spam.checker() is None
    assert forum_checks.hold_reason(veteran(), "answer", "Buy cheap watches now!") is None
    settings.AKISMET_KEY = "abc123"
    assert spam.checker().url == "https://abc123.rest.akismet.com/1.1/comment-check"


def test_ham_passes_and_the_checker_hears_the_post_and_the_visit(checker):
    member = veteran(display_name="Mia")
    assert forum_checks.hold_reason(member, "answer", "Restart the router, then pair again.") is None
    (sent,) = checker.seen
    assert sent["comment_content"] == "Restart the router, then pair again."
    assert sent["comment_author"] == "Mia" and sent["comment_type"] == "reply" and sent["blog_lang"] == "en"


def test_spam_is_held(checker):
    checker.answer = "true"
    assert forum_checks.hold_reason(veteran(), "question", "Buy cheap watches now!") == (
        "the spam checker took it for spam"
    )


@pytest.mark.parametrize(("status", "answer"), [(500, "oops"), (200, "invalid"), (403, "")])
def test_an_error_of_the_checker_holds_the_post_instead_of_blocking_it(checker, status, answer):
    checker.status, checker.answer = status, answer
    assert forum_checks.hold_reason(veteran(), "answer", "Some text.") == "the spam check did not answer"


def test_a_checker_that_hangs_holds_the_post_within_the_time_out(checker):
    checker.delay = 3.0
    started = time.monotonic()
    assert forum_checks.hold_reason(veteran(), "answer", "Some text.") == "the spam check did not answer"
    assert time.monotonic() - started < 2.0


def test_a_checker_nobody_listens_on_holds_the_post(settings):
    settings.SPAM_CHECKER_URL = "http://127.0.0.1:9/comment-check"  # the discard port: nothing answers
    assert forum_checks.hold_reason(veteran(), "answer", "Some text.") == "the spam check did not answer"


def test_trusted_people_are_not_sent_to_the_checker(checker):
    assert forum_checks.hold_reason(veteran(roles=[Role.MODERATOR]), "answer", "Some text.") is None
    assert checker.seen == []


def test_the_middleware_tells_the_checker_who_is_writing(checker, rf):
    member = veteran()

    def view(request):
        forum_checks.hold_reason(member, "answer", "Some text.")
        return HttpResponse()

    request = rf.post("/", HTTP_USER_AGENT="TestBrowser/1.0", REMOTE_ADDR="203.0.113.9", HTTP_REFERER="/q/1/")
    RestrictionMiddleware(view)(request)
    (sent,) = checker.seen
    assert (sent["user_ip"], sent["user_agent"], sent["referrer"]) == ("203.0.113.9", "TestBrowser/1.0", "/q/1/")
    forum_checks.hold_reason(member, "answer", "Some text.")  # outside a request: no visitor
    assert checker.seen[-1].get("user_ip", "") == ""
