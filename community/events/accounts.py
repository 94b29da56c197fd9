"""Events the accounts publish."""

from __future__ import annotations

from dataclasses import dataclass

from .bus import Event


@dataclass(frozen=True, kw_only=True)
class MemberJoined(Event):
    user_id: int


@dataclass(frozen=True, kw_only=True)
class RolesChanged(Event):
    user_id: int
    added: tuple[str, ...]
    removed: tuple[str, ...]
    by_user_id: int | None
