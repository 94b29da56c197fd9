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

import contextvars
import time
from collections.abc import Callable, Iterable
from functools import wraps

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone, translation

from community.replicas import primary_reads

FRAGMENT_SECONDS = 60  # view counts and "3 hours ago" may lag this much
PEOPLE = "community:v:people"
PAGES = "community:v:pages"


_MISSING = object()

# A page reads a dozen kept values and versions, and each read is a round trip to the cache. A view that
# runs `@batched` names what it will read (`prefetch`, `prefetch_page`) and gets them in one `get_many`;
# reads through `get`, `version` and `cached` then take them from here, for that request only. A write
# in the request drops what it changes, so the request reads its own writes.
_batch: contextvars.ContextVar[dict | None] = contextvars.ContextVar("fragments_batch", default=None)
# What every page reads (the footer, a banner, the bell), named by each app in its ready(): request -> keys.
_every_page: list[Callable[..., Iterable[str]]] = []


def batched(view):
    """Let this view read what it prefetches from one round trip (see `prefetch`)."""

    @wraps(view)
    def reading_in_batches(request, *args, **kwargs):
        token = _batch.set({})
        try:
            return view(request, *args, **kwargs)
        finally:
            _batch.reset(token)

    return reading_in_batches


def prefetch(*keys: str) -> None:
    """Fetch these keys in one round trip for the reads that follow (inside a `@batched` view)."""
    kept = _batch.get()
    wanted = [key for key in dict.fromkeys(keys) if kept is not None and key not in kept]
    if wanted:
        found = cache.get_many(wanted)
        kept.update({key: found.get(key, _MISSING) for key in wanted})


def read_on_every_page(keys: Callable[..., Iterable[str]]) -> None:
    """Name keys that every page reads for a request (`keys(request)`), so a page's prefetch brings them."""
    if keys not in _every_page:
        _every_page.append(keys)


def prefetch_page(request, *keys: str) -> None:
    """Prefetch `keys` with what every page reads."""
    prefetch(*keys, *(key for every in _every_page for key in every(request)))


def get(key: str, default=None):
    """`cache.get`, from the request's batch when it was prefetched."""
    kept = _batch.get()
    if kept is not None and key in kept:
        value = kept[key]
        return default if value is _MISSING else value
    return cache.get(key, default)


def keep(key: str, value, seconds: int | None) -> None:
    """`cache.set`, and the request's batch sees it."""
    cache.set(key, value, seconds)
    kept = _batch.get()
    if kept is not None:
        kept[key] = value


def _drop(*keys: str) -> None:
    kept = _batch.get()
    if kept is not None:
        for key in keys:
            kept.pop(key, None)


def version(key: str) -> int:
    value = get(key)
    if value is None:
        cache.add(key, time.time_ns(), None)
        value = cache.get(key) or 0
        kept = _batch.get()
        if kept is not None:
            kept[key] = value
    return value


def bump(key: str) -> None:
    """A new version at once (`changed` is what writes call)."""
    _drop(key)
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
        _drop(*keys)
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


def cached(key: str, render, seconds: int = FRAGMENT_SECONDS):
    """The fragment (or value) under `key`, rendering and keeping it when missing; None is kept too."""
    value = get(key, _MISSING)
    if value is _MISSING:
        with primary_reads():  # kept for everyone: never a lagging replica's view
            value = render()
        keep(key, value, seconds)
    return value
