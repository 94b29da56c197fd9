"""Rendered HTML of lists and threads, kept in the cache and forgotten by the services that change them.

Keys carry versions (community/fragments.py): a list version for everything that changes what lists
show, a version per thread for its page, and the people version for the names, roles and ranks beside
authors. A forum service calls `thread_changed` and `lists_changed` for what its write changes; the
search index writer bumps the search version when its write commits.
"""

import hashlib

from community.fragments import (
    FRAGMENT_SECONDS,
    PEOPLE,
    batched,
    bump,
    cached,
    changed,
    get,
    keep,
    pages_changed,
    prefetch,
    prefetch_page,
    reader,
    version,
)

# FRAGMENT_SECONDS, cached and version: the forum's views and selectors take them from here, with the keys.
__all__ = [
    "FRAGMENT_SECONDS",
    "LISTS",
    "SEARCH",
    "batched",
    "cached",
    "get",
    "keep",
    "list_key",
    "lists_changed",
    "pages_changed",
    "prefetch",
    "prefetch_page",
    "search_changed",
    "search_key",
    "thread_changed",
    "thread_key",
    "thread_versions",
    "version",
]

# Part of every key: raise it when the shape of what is cached changes, so a new release never reads
# an entry that an older one wrote.
FORMAT = 4
LISTS = "forum:v:lists"
SEARCH = "forum:v:search"  # the search index: any document written or removed


def _thread(question_id: int) -> str:
    return f"forum:v:thread:{question_id}"


def thread_versions(question_id: int) -> list[str]:
    """The versions a thread's kept renderings are keyed by, to prefetch them together."""
    return [PEOPLE, _thread(question_id)]


def lists_changed() -> None:
    changed(LISTS)


def thread_changed(question_id: int, *, lists: bool = False) -> None:
    """The thread's page is rendered afresh (and, with `lists`, every list that may show it)."""
    changed(_thread(question_id), *([LISTS] if lists else []))


def search_changed() -> None:
    """Called by the index writer once its write commits (a search in between would cache the old)."""
    bump(SEARCH)


def list_key(*parts) -> str:
    versions = f"{version(PEOPLE)}.{version(LISTS)}"
    return f"forum:list:{FORMAT}:{versions}:{reader()}:" + ":".join(str(part) for part in parts)


def thread_key(question_id: int, *parts) -> str:
    versions = f"{version(PEOPLE)}.{version(_thread(question_id))}"
    return f"forum:thread:{FORMAT}:{question_id}:{versions}:{reader()}:" + ":".join(map(str, parts))


def search_key(*parts) -> str:
    """Ranked results of a query: valid until the index changes (no reader part: they are ids)."""
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return f"forum:search:{FORMAT}:{version(SEARCH)}:{digest}"
