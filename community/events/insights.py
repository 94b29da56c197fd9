"""Events insights publishes."""

from __future__ import annotations

from dataclasses import dataclass

from .bus import Event


@dataclass(frozen=True, kw_only=True)
class WatchListMatched(Event):
    watch_list_id: int
    hit_id: int
    question_id: int
    kind: str  # question, answer or reply
    object_id: int
    author_id: int
    matched: tuple[str, ...]  # the terms and tags that matched, as the list names them
