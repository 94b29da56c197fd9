"""A person's reputation, for apps that must weigh it without knowing who keeps it.

community knows no app: the app that keeps reputation (superusers) registers a lookup in `ready()`;
moderation asks it whether a flag comes from a trusted member. Without a registered lookup everyone
has 0 points.
"""

from collections.abc import Callable, Iterable

# user ids -> {user id: reputation}; ids it does not know may be left out (they have 0).
ReputationLookup = Callable[[Iterable[int]], dict[int, int]]
_lookups: list[ReputationLookup] = []


def register_reputation(lookup: ReputationLookup) -> None:
    if lookup not in _lookups:
        _lookups.append(lookup)


def reputation_of(user_ids: Iterable[int]) -> dict[int, int]:
    """Reputation per person (one query per registered lookup); 0 for people no lookup knows."""
    user_ids = list(user_ids)
    found = dict.fromkeys(user_ids, 0)
    for lookup in _lookups:
        for user_id, points in lookup(user_ids).items():
            found[user_id] = max(found.get(user_id, 0), points)
    return found
