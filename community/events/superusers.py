"""Events of reputation and the super-user program."""

from __future__ import annotations

from dataclasses import dataclass

from .bus import Event


@dataclass(frozen=True, kw_only=True)
class BadgeAwarded(Event):
    user_id: int
    badge: str  # the badge's code
    award_id: int


@dataclass(frozen=True, kw_only=True)
class RankReached(Event):
    user_id: int
    rank: str


@dataclass(frozen=True, kw_only=True)
class SuperUserPromoted(Event):
    user_id: int
    by_user_id: int
    note: str


@dataclass(frozen=True, kw_only=True)
class SuperUserDemoted(Event):
    user_id: int
    by_user_id: int
    note: str
