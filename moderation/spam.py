"""Spam defence in front of the forum: hold checks (forum.checks.register_hold) and a pluggable spam checker.

A hold check returns the reason a post waits for review, or None. Reasons are English msgids (marked
with gettext_noop) so the review queue shows them in each reviewer's language.

- links from a new member: more links than Policy.new_member_links;
- a repeated link: the member posted the same link in another thread before;
- a link that many new accounts posted (SPAM_LINK_NEW_ACCOUNTS within SPAM_LINK_DAYS);
- the spam checker (an Akismet-compatible comment-check service, off unless AKISMET_KEY or
  SPAM_CHECKER_URL is set) said spam, or did not answer in time: its errors never block a post, they hold it.

Staff, agents and super users are trusted: their posts skip these checks.
"""

import contextvars
import hashlib
import html
import logging
import re
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit

import requests
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_noop

from community import events
from community.accounts.permissions import has_agent_privileges, has_super_user_privileges
from community.markdown import render_post
from forum import checks as forum_checks

from .models import Policy, PostedLink

logger = logging.getLogger(__name__)

NEW_MEMBER_LINKS = gettext_noop("links from a new member")
REPEATED_LINK = gettext_noop("a link this member posted in another thread")
LINK_OF_NEW_ACCOUNTS = gettext_noop("a link that many new accounts posted")
CHECKER_SAYS_SPAM = gettext_noop("the spam checker took it for spam")
CHECKER_SILENT = gettext_noop("the spam check did not answer")

FORUM_ACTIONS = {"question", "answer", "reply"}
HREF = re.compile(r'href="(https?://[^"]+)"', re.IGNORECASE)


# Links


def links_in(text: str) -> list[str]:
    """The web addresses a reader of the post gets as links (typed, bare or "example.com"), in order, once each."""
    found = [html.unescape(url) for url in HREF.findall(render_post(text or "").html)]
    return list(dict.fromkeys(found))


def normalised(url: str) -> str:
    """The same link however it is written: host in lower case without "www.", no fragment, no trailing
    slash, no tracking parameters."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if not k.lower().startswith("utm_")))
    return f"{host}{parts.path.rstrip('/')}" + (f"?{query}" if query else "")


def link_hash(url: str) -> str:
    return hashlib.sha256(normalised(url).encode()).hexdigest()


def is_new_member(user) -> bool:
    return timezone.now() - user.date_joined < timedelta(days=settings.NEW_MEMBER_DAYS)


def is_trusted(user) -> bool:
    return bool(user.is_superuser or has_super_user_privileges(user) or has_agent_privileges(user))


# Hold checks


def links_from_new_member(user, action: str, text: str) -> str | None:
    """A new member's post with more links than the admin allows waits for review."""
    if is_trusted(user) or not is_new_member(user):
        return None
    links = links_in(text)
    if links and len(links) > Policy.current().new_member_links:
        return NEW_MEMBER_LINKS
    return None


def repeated_link(user, action: str, text: str) -> str | None:
    """A link the member already posted in another thread (the same link in many threads is how spam looks).

    A question starts a thread, so any earlier thread is another. For an answer or a reply the caller
    names its thread; when it does not, a link already in two threads is in another one for sure.
    """
    if action not in FORUM_ACTIONS or is_trusted(user):
        return None
    hashes = {link_hash(url) for url in links_in(text)}
    if not hashes:
        return None
    threads = set(PostedLink.objects.filter(user_id=user.pk, url_hash__in=hashes).values_list("question_id", flat=True))
    thread = None if action == "question" else forum_checks.thread_of_write()
    known = action == "question" or thread is not None
    repeated = bool(threads - {thread}) if known else len(threads) >= 2
    return REPEATED_LINK if repeated else None


def link_of_new_accounts(user, action: str, text: str) -> str | None:
    """A link that several new accounts posted lately waits for review, whoever posts it next."""
    if action not in FORUM_ACTIONS or is_trusted(user):
        return None
    hashes = {link_hash(url) for url in links_in(text)}
    if not hashes:
        return None
    since = timezone.now() - timedelta(days=settings.SPAM_LINK_DAYS)
    accounts = (
        PostedLink.objects.filter(url_hash__in=hashes, new_account=True, created_at__gte=since)
        .values("user_id")
        .distinct()
        .count()
    )
    return LINK_OF_NEW_ACCOUNTS if accounts >= settings.SPAM_LINK_NEW_ACCOUNTS else None


# Remembering the links people post (a handler of the forum's events: quick and idempotent)


def remember_links(*, user_id: int, question_id: int, post: str, text: str) -> int:
    """Note each link of a post with its author and thread; the same post twice adds nothing."""
    from community.accounts.models import User

    links = links_in(text)
    if not links:
        return 0
    author = User.objects.filter(pk=user_id).first()
    if author is None:
        return 0
    new = is_new_member(author)
    rows = [
        PostedLink(
            user_id=user_id,
            url_hash=link_hash(url),
            url=url[:500],
            question_id=question_id,
            post=post,
            new_account=new,
        )
        for url in links
    ]
    PostedLink.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def on_question_asked(event: events.QuestionAsked) -> None:
    from forum.models import Question

    body = Question.objects.filter(pk=event.question_id).values_list("body", flat=True).first()
    post = f"question:{event.question_id}"
    remember_links(user_id=event.author_id, question_id=event.question_id, post=post, text=body or "")


def on_answer_posted(event: events.AnswerPosted) -> None:
    from forum.models import Answer

    body = Answer.objects.filter(pk=event.answer_id).values_list("body", flat=True).first()
    post = f"answer:{event.answer_id}"
    remember_links(user_id=event.author_id, question_id=event.question_id, post=post, text=body or "")


def on_reply_posted(event: events.ReplyPosted) -> None:
    from forum.models import Reply

    body = Reply.objects.filter(pk=event.reply_id).values_list("body", flat=True).first()
    post = f"reply:{event.reply_id}"
    remember_links(user_id=event.author_id, question_id=event.question_id, post=post, text=body or "")


def forget_old_links() -> int:
    """Links older than the window that the checks look at, and than a year for repeats, are deleted."""
    cutoff = timezone.now() - timedelta(days=max(settings.SPAM_LINK_DAYS, 365))
    deleted, _by_model = PostedLink.objects.filter(created_at__lt=cutoff).delete()
    return deleted


# The spam checker


@dataclass(frozen=True)
class Visit:
    """Who is writing, from the request (the checker needs it; a command has none)."""

    ip: str = ""
    user_agent: str = ""
    referrer: str = ""


_visit: contextvars.ContextVar[Visit | None] = contextvars.ContextVar("moderation_visit", default=None)


def set_visit(visit: Visit) -> contextvars.Token:
    return _visit.set(visit)


def reset_visit(token: contextvars.Token) -> None:
    _visit.reset(token)


@dataclass(frozen=True)
class Submission:
    text: str
    kind: str  # the write check's action: question, answer, reply, idea, idea_comment
    author_name: str
    author_email: str
    language: str
    visit: Visit


SPAM, HAM, NO_ANSWER = "spam", "ham", "no answer"


class AkismetChecker:
    """Akismet's comment-check (or a compatible service at SPAM_CHECKER_URL): "true" is spam, "false" is not;
    anything else, an error or a time-out is no answer."""

    def __init__(self, *, url: str, key: str, site: str, timeout: float):
        self.url, self.key, self.site, self.timeout = url, key, site, timeout

    @classmethod
    def from_settings(cls) -> "AkismetChecker | None":
        key, url = settings.AKISMET_KEY, settings.SPAM_CHECKER_URL
        if not key and not url:
            return None
        url = url or f"https://{key}.rest.akismet.com/1.1/comment-check"
        return cls(url=url, key=key, site=settings.SITE_URL, timeout=settings.SPAM_CHECKER_TIMEOUT)

    def check(self, submission: Submission) -> str:
        data = {
            "blog": self.site,
            "user_ip": submission.visit.ip,
            "user_agent": submission.visit.user_agent,
            "referrer": submission.visit.referrer,
            "comment_type": "forum-post" if submission.kind in ("question", "idea") else "reply",
            "comment_author": submission.author_name,
            "comment_author_email": submission.author_email,
            "comment_content": submission.text,
            "blog_lang": submission.language,
            "blog_charset": "UTF-8",
        }
        if self.key:
            data["api_key"] = self.key
        try:
            response = requests.post(self.url, data=data, timeout=self.timeout)
        except requests.RequestException as error:
            logger.warning("The spam check did not answer: %s", error)
            return NO_ANSWER
        answer = response.text.strip().lower()
        if response.status_code == 200 and answer in ("true", "false"):
            return SPAM if answer == "true" else HAM
        logger.warning("The spam check answered %s: %s", response.status_code, response.text[:200])
        return NO_ANSWER


def checker():
    """The configured spam checker (SPAM_CHECKER, a class with `from_settings()`), or None when it is off."""
    return import_string(settings.SPAM_CHECKER).from_settings()


def spam_checker_objects(user, action: str, text: str) -> str | None:
    """Ask the spam checker; spam, or no answer at all, holds the post (a post is never lost to an outage)."""
    if is_trusted(user):
        return None
    service = checker()
    if service is None:
        return None
    submission = Submission(
        text=text,
        kind=action,
        author_name=user.display_name,
        author_email=user.email or "",
        language=user.language,
        visit=_visit.get() or Visit(),
    )
    try:
        verdict = service.check(submission)
    except Exception:  # a broken plug-in must not block a post either
        logger.exception("The spam checker failed")
        verdict = NO_ANSWER
    if verdict == SPAM:
        return CHECKER_SAYS_SPAM
    return CHECKER_SILENT if verdict == NO_ANSWER else None
