"""What can be followed, by name in URLs, and who may see it; each source module in plans/ adds its own."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model


@dataclass(frozen=True)
class Followable:
    name: str
    model: type[Model]
    visible: Callable[[object, Model], bool]  # (user, object) -> may this person see it?


_followables: dict[str, Followable] = {}


def register(followable: Followable) -> None:
    _followables[followable.name] = followable


def get(name: str) -> Followable | None:
    return _followables.get(name)


def name_of(obj) -> str | None:
    for followable in _followables.values():
        if isinstance(obj, followable.model):
            return followable.name
    return None
