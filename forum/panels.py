"""Places on forum pages that apps above the forum fill in their `ready()`.

The forum shows an author's rank and marks, and panels beside a question (similar questions,
linked ideas, ticket links), without knowing the apps that provide them.
"""

from collections.abc import Callable, Iterable

# Given author ids, return {user_id: {"rank": str, "super_user": bool, "staff": bool, ...}}.
AuthorMarks = Callable[[Iterable[int]], dict[int, dict]]
_author_marks: list[AuthorMarks] = []


def register_author_marks(provider: AuthorMarks) -> None:
    if provider not in _author_marks:
        _author_marks.append(provider)


def author_marks(user_ids: Iterable[int]) -> dict[int, dict]:
    """What every registered provider says about these authors, merged (one query per provider)."""
    user_ids = set(user_ids)
    merged: dict[int, dict] = {}
    for provider in _author_marks:
        for user_id, marks in provider(user_ids).items():
            merged.setdefault(user_id, {}).update(marks)
    return merged


# Places on forum pages ("question_actions", "category_actions", "tag_actions", "question_side", "post_links"),
# and on pages of the apps above the forum that show `{% panels %}` ("idea_actions"), so two apps there
# meet without importing each other: a provider gets (request, object) and returns HTML, or "" for nothing.
Panel = Callable[[object, object], str]
_panels: dict[str, list[Panel]] = {}


def register_panel(place: str, provider: Panel) -> None:
    providers = _panels.setdefault(place, [])
    if provider not in providers:
        providers.append(provider)


def panels(place: str, request, obj) -> list[str]:
    return [html for provider in _panels.get(place, []) if (html := provider(request, obj))]
