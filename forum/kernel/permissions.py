"""Predicates every kind of post's rules share (forum/permissions.py, ideas/permissions.py)."""

from collections.abc import Callable
from datetime import timedelta

import rules
from django.utils import timezone


@rules.predicate
def is_author(user, post) -> bool:
    return post is not None and post.author_id == user.pk


def written_within(window: Callable[[], timedelta]):
    """A predicate true while the post is younger than `window()` (asked each time: the setting may change)."""

    @rules.predicate
    def within_edit_window(user, post) -> bool:
        return post is not None and timezone.now() - post.created_at <= window()

    return within_edit_window


@rules.predicate
def is_withheld(user, post) -> bool:
    """Held for review or hidden: its author may still mend it, whatever the edit window says."""
    return post is not None and getattr(post, "removal", "") in ("held", "hidden")
