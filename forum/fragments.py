"""Rendered HTML of lists and threads, kept in the cache and dropped when the forum changes.

Keys carry a version that forum/handlers.py bumps after every write commits: a list version for
everything that changes what lists show, a version per thread for its page. Old entries are never
read again and expire by themselves. A version starts at the clock, so a cache that lost a version
(eviction, restart) can never meet an older fragment again. `version`, `bump`, `reader` and `cached`
are the same mechanism for the apps above the forum (ideas/fragments.py).
"""

import hashlib
import time

from django.core.cache import cache
from django.utils import timezone, translation

FRAGMENT_SECONDS = 60  # view counts and "3 hours ago" may lag this much
# Part of every key: raise it when the shape of what is cached changes, so a new release never reads
# an entry that an older one wrote.
FORMAT = 2
LISTS = "forum:v:lists"
EPOCH = "forum:v:epoch"  # everything: marks beside authors changed
SEARCH = "forum:v:search"  # the search index: any document written or removed


def _thread(question_id: int) -> str:
    return f"forum:v:thread:{question_id}"


def version(key: str) -> int:
    value = cache.get(key)
    if value is None:
        cache.add(key, time.time_ns(), None)
        value = cache.get(key) or 0
    return value


def bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # not there: any new value differs from every version used before
        cache.set(key, time.time_ns(), None)


def everything_changed() -> None:
    bump(EPOCH)


def lists_changed() -> None:
    bump(LISTS)


def thread_changed(question_id: int) -> None:
    bump(_thread(question_id))


def search_changed() -> None:
    bump(SEARCH)


def reader() -> str:
    """What a fragment depends on besides the data: the language and the time zone of the reader."""
    return f"{translation.get_language()}:{timezone.get_current_timezone_name()}"


def list_key(*parts) -> str:
    versions = f"{version(EPOCH)}.{version(LISTS)}"
    return f"forum:list:{FORMAT}:{versions}:{reader()}:" + ":".join(str(part) for part in parts)


def thread_key(question_id: int, *parts) -> str:
    versions = f"{version(EPOCH)}.{version(_thread(question_id))}"
    return f"forum:thread:{FORMAT}:{question_id}:{versions}:{reader()}:" + ":".join(map(str, parts))


def search_key(*parts) -> str:
    """Ranked results of a query: valid until the index changes (no reader part: they are ids)."""
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return f"forum:search:{FORMAT}:{version(SEARCH)}:{digest}"


_MISSING = object()


def cached(key: str, render):
    """The fragment (or value) under `key`, rendering and keeping it when missing; None is kept too."""
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = render()
        cache.set(key, value, FRAGMENT_SECONDS)
    return value
