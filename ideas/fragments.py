"""Cached renderings of the idea board, and the cached panel it puts on forum threads.

Forgotten by the idea services that change them, like every cache (community/fragments.py): now and once
more after the commit. The lists and the roadmap, as anonymous readers see them, are kept under a
version that every change to what they show bumps. An idea's page keeps its head (the idea row and what
it joins) for everyone and its whole main part for signed-out readers, under a version of that idea;
its comments, as each kind of reader sees them, under a second version that only comments bump, so a
vote does not render a long conversation again. A thread's "linked ideas" panel is read on every view of
the thread, so it is kept too and forgotten when a link, a status, a vote or a merge changes it.
"""

import hashlib

from django.conf import settings

from community.fragments import (
    FRAGMENT_SECONDS,
    PEOPLE,
    batched,
    cached,
    changed,
    forget,
    get,
    keep,
    prefetch,
    prefetch_page,
    reader,
    version,
)

# FRAGMENT_SECONDS and cached: the idea views take them from here, with the keys.
__all__ = [
    "FRAGMENT_SECONDS",
    "HOLE",
    "LISTS",
    "batched",
    "cached",
    "comments_changed",
    "comments_key",
    "forget_thread_panels",
    "get",
    "idea_key",
    "ideas_changed",
    "keep",
    "linked_key",
    "list_key",
    "lists_changed",
    "prefetch",
    "prefetch_page",
]

PANEL_SECONDS = 300
FORMAT = 3  # raise it when the shape of what is cached changes
LISTS = "ideas:v:lists"
# Marks a hole in a kept rendering (the CSRF token, a comment's own buttons); derived from the secret key,
# so no text a person writes has it.
HOLE = "\u2983" + hashlib.sha256(f"ideas-holes:{settings.SECRET_KEY}".encode()).hexdigest()[:12]


def lists_changed() -> None:
    changed(LISTS)


def list_key(*parts) -> str:
    versions = f"{version(PEOPLE)}.{version(LISTS)}"
    return f"ideas:list:{FORMAT}:{versions}:{reader()}:" + ":".join(str(part) for part in parts)


def _idea_version(idea_id: int) -> str:
    return f"ideas:v:idea:{idea_id}"


def _comments_version(idea_id: int) -> str:
    return f"ideas:v:comments:{idea_id}"


def _key(name: str, version_key: str, idea_id: int, parts) -> str:
    versions = f"{version(PEOPLE)}.{version(version_key)}"
    return f"ideas:{name}:{FORMAT}:{idea_id}:{versions}:{reader()}:" + ":".join(map(str, parts))


def idea_key(idea_id: int, *parts) -> str:
    """An idea's head and its page as signed-out readers see it: new after any change to the idea."""
    return _key("idea", _idea_version(idea_id), idea_id, parts)


def comments_key(idea_id: int, *parts) -> str:
    """An idea's comments: new only when a comment is written, edited or deleted."""
    return _key("comments", _comments_version(idea_id), idea_id, parts)


def ideas_changed(*idea_ids: int) -> None:
    """These ideas' pages are rendered afresh: their head, their page as signed-out readers see it."""
    changed(*[_idea_version(idea_id) for idea_id in idea_ids])


def comments_changed(idea_id: int) -> None:
    """The comments, and the page that shows them and their number, are rendered afresh."""
    changed(_comments_version(idea_id), _idea_version(idea_id))


def linked_key(question_id: int) -> str:
    return f"ideas:linked:{FORMAT}:{question_id}"


def forget_thread_panels(*, question_ids=(), idea_ids=()) -> None:
    """Forget the panels of these threads, or of the threads these ideas are linked to (one query)."""
    from .models import IdeaThreadLink

    question_ids = set(question_ids)
    if idea_ids:
        question_ids |= set(
            IdeaThreadLink.objects.filter(idea_id__in=list(idea_ids)).values_list("question_id", flat=True)
        )
    if question_ids:
        forget(*[linked_key(question_id) for question_id in sorted(question_ids)])
