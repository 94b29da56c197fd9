"""The audit trail: every staff action, written by the app that carries it out, in the same transaction.

Apps record here (the forum, moderation, super users, accounts, the helpdesk to come); moderation's pages
show, filter and export it. Nothing edits an entry once written.

Each app names the actions it records with `register_action` in its `ready()`, so the log's pages can
show "Flag upheld" rather than "flag_upheld" in the reader's language, without the foundation knowing
the apps.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from community.accounts.models import User

from .models import AuditEntry


@dataclass(frozen=True)
class Action:
    code: str
    label: Promise | str
    # The entry's details (`data`) in words for the log's pages, e.g. a flag's reason; no queries.
    describe: Callable[[dict], str] | None = None


_actions: dict[str, Action] = {}


def register_action(code: str, label: Promise | str, describe: Callable[[dict], str] | None = None) -> None:
    """Name an action the app records (registering a code again replaces its label)."""
    _actions[code] = Action(code=code, label=label, describe=describe)


def action_label(code: str) -> str:
    """The action's name in the active language; an action no app registered shows as its code."""
    action = _actions.get(code)
    return str(action.label) if action else code


def describe(entry: AuditEntry) -> str:
    """The entry's details in words, as the app that records the action puts them ("" when it says nothing)."""
    action = _actions.get(entry.action)
    if action is None or action.describe is None:
        return ""
    try:
        return str(action.describe(entry.data or {}))
    except (KeyError, TypeError, ValueError):
        return ""  # an entry written before its details took today's shape still shows


def registered_actions() -> dict[str, Action]:
    return dict(_actions)


def record(*, actor: User | None, action: str, subject: User | None, note: str = "", **data) -> AuditEntry:
    """Write a line of the audit log."""
    return AuditEntry.objects.create(actor=actor, action=action, subject=subject, note=note[:2000], data=data)


def entries(action_prefix: str, limit: int = 20) -> list[AuditEntry]:
    """The newest entries whose action starts with the prefix, with who acted on whom (one query)."""
    return list(AuditEntry.objects.filter(action__startswith=action_prefix).select_related("actor", "subject")[:limit])
