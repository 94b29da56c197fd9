"""Every write of the superusers app. Split by concern; callers keep `from superusers import services`."""

from .awards import award_badges
from .ledger_events import apply_event
from .program import demote, promote, rank_candidates, rank_candidates_now
from .reputation import credit_reputation, derived_event_id, recompute, reverse_reputation

__all__ = [
    "apply_event",
    "award_badges",
    "credit_reputation",
    "demote",
    "derived_event_id",
    "promote",
    "rank_candidates",
    "rank_candidates_now",
    "recompute",
    "reverse_reputation",
]
