"""The kinds of post that can be flagged, held, hidden and approved, kept by the forum for the apps above it.

The forum registers its questions, answers and replies (forum/visibility_kinds.py); the idea board adds
ideas and their comments in its `ready()`. Moderation reads only this registry, so it needs no import of
the idea board, and a new kind of post plugs in without touching moderation.

The visibility itself (held, hidden, deleted: `forum.kernel.models.Visibility`) is the forum's, changed
through `forum.services.hide_content`, `approve_content`, `delete_content` and `ask_for_review`, which
call a kind's `withdraw` when a public post leaves view and its `restore` (plus `publish_new` for a post
that was held since it was written) when it comes back.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Model, Q
from django.utils.functional import Promise


@dataclass(frozen=True)
class Kind:
    name: str  # "question", "answer", "reply", "idea", "idea_comment": in flags, events and addresses
    model: type[Model]
    label: Promise  # "question", for people
    # The heading a reviewer reads (the question's or the idea's title) and the post's address.
    title: Callable[[Model], str]
    url: Callable[[Model], str]
    edit_url: Callable[[Model], str | None]
    # Side effects of a public post leaving view (counts, caches, search) and of coming back.
    withdraw: Callable[[Model, object], None]
    restore: Callable[[Model, object], None]
    # The events a held post did not publish when it was written (notifications wait for them).
    publish_new: Callable[[Model], None]
    # Which rows this person may see at all (a category's audience), as a filter on the model.
    audience: Callable[[object], Q] = lambda user: Q()
    # What the review queue fetches with each row, so it costs one query per kind.
    related: tuple[str, ...] = ()
    # The question a forum post belongs to (moderation's FlagUpheld and the forum's events name it).
    question_id: Callable[[Model], int | None] = lambda post: None
    extra: dict = field(default_factory=dict)

    def key(self, post) -> str:
        return f"{self.name}:{post.pk}"


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    """Add a kind of post (registering a name again replaces it)."""
    _kinds[kind.name] = kind


def kinds() -> list[Kind]:
    return list(_kinds.values())


def get(name: str) -> Kind | None:
    return _kinds.get(name)


def kind_of(post) -> Kind | None:
    """The registered kind of this post (by its model), or None."""
    for kind in _kinds.values():
        if isinstance(post, kind.model):
            return kind
    return None


def find(name: str, pk: int | None):
    """(kind, post) for a kind's name and a number; (None, None) when either is unknown."""
    kind = _kinds.get(name)
    if kind is None or not pk:
        return None, None
    post = kind.model.objects.filter(pk=pk).first()
    return (kind, post) if post is not None else (None, None)


def visible_to(user, post) -> bool:
    """Whether this person sees the post: everyone while it is public; then only its author and reviewers."""
    if post is None:
        return False
    if not post.is_deleted:
        return True
    if post.is_trashed:
        return user.has_perm("forum.view_deleted")
    return user.has_perm("forum.view_withheld", post)
