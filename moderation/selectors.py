"""What the review queue shows and counts: held posts, hidden posts whose authors ask again, flagged posts.

One place for everything waiting, of every kind the forum's registry knows, in a fixed number of queries:
one for the open flags, one per kind of post.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q

from community.http import whole_number
from forum import moderatable
from forum.kernel.models import Removal

from .models import Flag

QUEUE_SIZE = 100  # the oldest this many are shown; the rest wait for the next page load
FLAG_WINDOW = 2000  # open flags read for one page of the queue (oldest first)


@dataclass
class Item:
    """A post that waits for a decision, with why it waits."""

    kind: moderatable.Kind
    post: object
    flags: list[Flag] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.kind.key(self.post)

    @property
    def since(self) -> datetime:
        moments = [flag.created_at for flag in self.flags]
        if self.post.is_held:
            moments.append(self.post.deleted_at)
        if self.post.review_asked_at:
            moments.append(self.post.review_asked_at)
        return min(moments)

    @property
    def title(self) -> str:
        return self.kind.title(self.post)

    @property
    def url(self) -> str:
        return self.kind.url(self.post)

    @property
    def edit_url(self) -> str | None:
        return self.kind.edit_url(self.post)

    @property
    def review_asked(self) -> bool:
        return self.post.is_hidden and self.post.review_asked_at is not None


def _waiting(kind: moderatable.Kind, user, flagged_ids) -> Q:
    return (
        Q(removal=Removal.HELD)
        | Q(removal=Removal.HIDDEN, review_asked_at__isnull=False)
        | (Q(pk__in=flagged_ids) & ~Q(removal=Removal.DELETED))
    )


def _rows(kind: moderatable.Kind, user, flagged_ids):
    """The kind's posts waiting for this person: in categories they see, never their own."""
    return (
        kind.model.objects.filter(kind.audience(user))
        .exclude(author_id=user.pk)
        .filter(_waiting(kind, user, flagged_ids))
    )


def queue(user) -> list[Item]:
    """The oldest QUEUE_SIZE posts waiting for this person, oldest first (one query + one per kind)."""
    flags: dict[tuple[str, int], list[Flag]] = {}
    open_flags = (
        Flag.objects.filter(status=Flag.Status.OPEN)
        .exclude(author=user)
        .select_related("reporter")
        .order_by("created_at", "pk")[:FLAG_WINDOW]
    )
    for flag in open_flags:
        flags.setdefault((flag.kind, flag.object_id), []).append(flag)
    items: list[Item] = []
    for kind in moderatable.kinds():
        flagged = [object_id for (name, object_id) in flags if name == kind.name]
        rows = _rows(kind, user, flagged).select_related(*kind.related).order_by("pk")[:QUEUE_SIZE]
        items.extend(Item(kind, post, flags.get((kind.name, post.pk), [])) for post in rows)
    items.sort(key=lambda item: item.since)
    return items[:QUEUE_SIZE]


def waiting_count(user) -> int:
    """How many posts wait for this person in the review queue (the staff menu's count; one query)."""
    counted = []
    for kind in moderatable.kinds():
        flagged = Flag.objects.filter(status=Flag.Status.OPEN, kind=kind.name).exclude(author=user).values("object_id")
        counted.append(_rows(kind, user, flagged).values("pk"))
    if not counted:
        return 0
    return counted[0].union(*counted[1:], all=True).count()


def flag_or_none(pk: int) -> Flag | None:
    """A flag, for the person deciding on it; None when there is none."""
    return Flag.objects.filter(pk=pk).first()


def queued_posts(user, keys) -> list:
    """The posts named by "kind:id" keys that this person may decide on (one query per kind named)."""
    wanted: dict[str, set[int]] = {}
    for key in keys:
        name, _, number = str(key).partition(":")
        pk = whole_number(number, low=1, high=2**63 - 1)
        if moderatable.get(name) and pk is not None:
            wanted.setdefault(name, set()).add(pk)
    posts = []
    for name, ids in wanted.items():
        kind = moderatable.get(name)
        posts.extend(kind.model.objects.filter(kind.audience(user)).filter(pk__in=ids).select_related(*kind.related))
    return posts


def post_or_none(user, kind_name: str, pk: int):
    """(kind, post) in a category this person sees, or (None, None)."""
    kind = moderatable.get(kind_name)
    if kind is None:
        return None, None
    post = kind.model.objects.filter(kind.audience(user)).filter(pk=pk).select_related(*kind.related).first()
    return (kind, post) if post is not None else (None, None)
