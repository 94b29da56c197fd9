"""The audit trail: every staff action, written by the app that carries it out, in the same transaction.

Apps record here (the forum, moderation, super users, accounts, the helpdesk to come); moderation's pages
show, filter and export it. Nothing edits an entry once written.
"""

from community.accounts.models import User

from .models import AuditEntry


def record(*, actor: User | None, action: str, subject: User | None, note: str = "", **data) -> AuditEntry:
    """Write a line of the audit log."""
    return AuditEntry.objects.create(actor=actor, action=action, subject=subject, note=note[:2000], data=data)


def entries(action_prefix: str, limit: int = 20) -> list[AuditEntry]:
    """The newest entries whose action starts with the prefix, with who acted on whom (one query)."""
    return list(AuditEntry.objects.filter(action__startswith=action_prefix).select_related("actor", "subject")[:limit])
