"""Checks that run before anyone writes in the forum, filled in by apps above it.

The forum knows nothing of moderation; the moderation app registers its checks here in `ready()`
(rate limits now; suspensions and spam holds later). A check raises ValidationError or
PermissionDenied with a message for the person.
"""

from collections.abc import Callable

# (user, action) where action is "question", "answer" or "reply".
WriteCheck = Callable[[object, str], None]
_checks: list[WriteCheck] = []


def register(check: WriteCheck) -> None:
    if check not in _checks:
        _checks.append(check)


def before_write(user, action: str) -> None:
    """Run every registered check; the first that objects stops the write."""
    for check in _checks:
        check(user, action)
