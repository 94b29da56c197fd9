"""The steps every service for short remarks takes (forum replies, comments on ideas), so both keep one rule.

Each function works on a row the caller's transaction has locked with `locked`; the caller checks who
may act, then adds what its own app does on top (events, counters, caches).
"""

from dataclasses import dataclass
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.utils import timezone

from community.markdown import Rendered

from .models import Remark, Removal
from .text import already_mentioned, render_with_mentions
from .writing import require_text

REMARK_MIN = 2
R = TypeVar("R", bound=Remark)


def remark_text(body: str, *, maximum: int) -> str:
    """A remark's text as it is stored: at least two characters, at most `maximum`."""
    return require_text(body, field="body", minimum=REMARK_MIN, maximum=maximum)


def locked(remark: R) -> R:
    """The remark's row read fresh and locked for this transaction, so two edits or deletes take turns."""
    return type(remark).objects.select_for_update().get(pk=remark.pk)


@dataclass(frozen=True)
class Rewrite:
    rendered: Rendered
    old_body: str

    def mentioned_before(self) -> set[int]:
        """Who the old text mentioned (they heard of it already); a query only when the new one mentions anyone."""
        return already_mentioned(self.old_body, self.rendered)


def rewrite(remark: Remark, body: str, *, maximum: int, refused_when_deleted: str) -> Rewrite | None:
    """Give a locked remark its new text; None when the text is what it was (nothing to save or tell)."""
    if remark.is_trashed:  # held and hidden remarks may be mended by their authors
        raise ValidationError(refused_when_deleted, code="deleted")
    body = remark_text(body, maximum=maximum)
    if body == remark.body:
        return None
    rendered, old_body = render_with_mentions(body), remark.body
    remark.body, remark.body_html, remark.edited_at = body, rendered.html, timezone.now()
    remark.save(update_fields=["body", "body_html", "edited_at"])
    return Rewrite(rendered=rendered, old_body=old_body)


def mark_deleted(remark: Remark, *, by) -> bool:
    """Soft-delete a locked remark; True when it was public until now (its counts go down), False when it
    was out of view already (a held or hidden remark is deleted all the same; a second click changes nothing)."""
    was_public = not remark.is_deleted
    if remark.is_trashed:
        return False
    remark.deleted_at, remark.deleted_by = remark.deleted_at or timezone.now(), by
    remark.removal, remark.review_asked_at = Removal.DELETED, None
    remark.save(update_fields=["deleted_at", "deleted_by", "removal", "review_asked_at"])
    return was_public
