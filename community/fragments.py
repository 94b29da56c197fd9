"""Cached renderings and values, and the one way a write forgets them.

The write forgets what it changed, in the function that writes (a service, the search index writer,
`notify`), never in a handler: `changed(version)` bumps a version that keys are made of, `forget(key)`
deletes one key. Both act now and once more when the transaction commits: a page rendered between the
two cannot keep the old state, and the writer's own next page is fresh even before the commit.

A key carries the versions of everything its rendering shows. Old entries are never read again and
expire by themselves. A version starts at the clock, so a cache that lost a version (eviction, restart)
never meets an older entry again. What people show beside their posts (name, roles, rank) is everyone's:
its version, PEOPLE, is bumped by whoever changes it (accounts, superusers) and read by every app that
renders authors.

Whole pages kept for signed-out readers (community/page_cache.py) show a little of everything, so they
carry one version, PAGES, that `changed` and `forget` bump with whatever they were given: any write that
ends a kept rendering or value ends the kept pages too.
"""

import time

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone, translation

FRAGMENT_SECONDS = 60  # view counts and "3 hours ago" may lag this much
PEOPLE = "community:v:people"
PAGES = "community:v:pages"


def version(key: str) -> int:
    value = cache.get(key)
    if value is None:
        cache.add(key, time.time_ns(), None)
        value = cache.get(key) or 0
    return value


def bump(key: str) -> None:
    """A new version at once (`changed` is what writes call)."""
    try:
        cache.incr(key)
    except ValueError:  # not there: any new value differs from every version used before
        cache.set(key, time.time_ns(), None)


def _now_and_after_commit(action) -> None:
    action()
    if connection.in_atomic_block:
        transaction.on_commit(action)


def changed(*version_keys: str) -> None:
    """What is kept under these versions is rendered afresh: now, and again once the write commits."""
    _now_and_after_commit(lambda: [bump(key) for key in (*version_keys, PAGES)])


def forget(*keys: str) -> None:
    """Delete these keys now, and again once the write commits (and end every kept whole page)."""

    def action() -> None:
        cache.delete_many(list(keys))
        bump(PAGES)

    _now_and_after_commit(action)


def pages_changed() -> None:
    """Something only whole pages show changed (an article's text, a category's name): they end."""
    changed()


def people_changed() -> None:
    """Names, roles or ranks shown beside authors changed: every rendering that shows authors ends."""
    changed(PEOPLE)


def reader() -> str:
    """What a fragment depends on besides the data: the language and the time zone of the reader."""
    return f"{translation.get_language()}:{timezone.get_current_timezone_name()}"


_MISSING = object()


def cached(key: str, render, seconds: int = FRAGMENT_SECONDS):
    """The fragment (or value) under `key`, rendering and keeping it when missing; None is kept too."""
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = render()
        cache.set(key, value, seconds)
    return value
