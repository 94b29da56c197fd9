"""Checks that run before anyone writes in the forum or on the idea board, filled in by apps above it.

The forum knows nothing of moderation; the moderation app registers its checks here in `ready()`.

- A write check (`register`) refuses: it raises ValidationError or PermissionDenied with a message for
  the person (rate limits, suspensions).
- A hold check (`register_hold`) lets the post in but keeps it from the public until someone reviews
  it: it returns a reason for the reviewers ("links from a new member", "the spam checker objected"),
  or None. The first reason given holds the post.
"""

from collections.abc import Callable
from contextvars import ContextVar

# (user, action) where action is "question", "answer", "reply", "idea", "idea_comment", "vote", "flag", "edit",
# "follow" or "moderate".
WriteCheck = Callable[[object, str], None]
# (user, action, text) -> a reason to hold the post for review, or None.
HoldCheck = Callable[[object, str, str], str | None]
_checks: list[WriteCheck] = []
_holds: list[HoldCheck] = []
_thread: ContextVar[int | None] = ContextVar("forum_checks_thread", default=None)


def register(check: WriteCheck) -> None:
    if check not in _checks:
        _checks.append(check)


def before_write(user, action: str) -> None:
    """Run every registered check; the first that objects stops the write."""
    for check in _checks:
        check(user, action)


def register_hold(check: HoldCheck) -> None:
    if check not in _holds:
        _holds.append(check)


def hold_reason(user, action: str, text: str, *, question_id: int | None = None) -> str | None:
    """Why this post should wait for review before the public sees it, or None to publish it at once.

    `question_id`: the thread an answer or reply goes into; checks that need it read `thread_of_write()`.
    """
    token = _thread.set(question_id)
    try:
        for check in _holds:
            reason = check(user, action, text)
            if reason:
                return reason
        return None
    finally:
        _thread.reset(token)


def thread_of_write() -> int | None:
    """The thread the post under a hold check goes into, when its caller said (None for a new question)."""
    return _thread.get()


def unregister_hold(check: HoldCheck) -> None:
    """Take a hold check out again (tests switch one on for a while)."""
    if check in _holds:
        _holds.remove(check)
