"""What can be followed, by name in URLs, and who may see it; apps add theirs in `ready()`."""

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


def _register_forum() -> None:
    from taggit.models import Tag

    from forum.models import Category, Question

    register(Followable("question", Question, lambda user, q: user.has_perm("forum.view_category", q.category)))
    register(Followable("category", Category, lambda user, c: user.has_perm("forum.view_category", c)))
    register(Followable("tag", Tag, lambda user, t: True))
