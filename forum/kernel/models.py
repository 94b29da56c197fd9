"""What every kind of post shares: whether the public sees it, and the fields of short remarks.

Abstract, so each keeps its own table.

Visibility: `deleted_at` says since when a post is out of public view, `removal` says why: deleted
(by its author or a moderator), hidden (by moderators or trusted flags) or held (waiting for a first
review). Every filter on `deleted_at` therefore keeps held and hidden posts out as well; only the
author and moderators see them, with a banner that says why.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.markdown import RenderedHTMLField


class Removal(models.TextChoices):
    HELD = "held", _("Waiting for review")
    HIDDEN = "hidden", _("Hidden by moderators")
    DELETED = "deleted", _("Deleted")


class Visibility(models.Model):
    """Out of public view since `deleted_at`, for the reason in `removal`; public while both are empty."""

    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    removal = models.CharField(_("out of view because"), max_length=8, choices=Removal.choices, blank=True)
    # Why it was held or hidden, for the author's banner and the review queue.
    removal_note = models.CharField(_("why"), max_length=300, blank=True)
    # The author asked moderators to look at their hidden post again.
    review_asked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_deleted(self) -> bool:
        """Out of public view: deleted, hidden or held (what every list and count leaves out)."""
        return self.deleted_at is not None

    @property
    def is_held(self) -> bool:
        return self.removal == Removal.HELD

    @property
    def is_hidden(self) -> bool:
        return self.removal == Removal.HIDDEN

    @property
    def is_trashed(self) -> bool:
        """Deleted for good by its author or a moderator (held and hidden posts may come back)."""
        return self.deleted_at is not None and self.removal in ("", Removal.DELETED)

    @property
    def waits_for_review(self) -> bool:
        return self.is_held or (self.is_hidden and self.review_asked_at is not None)


class Remark(Visibility):
    """A short text under a post; `parent` makes it an answer to another remark there."""

    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children", verbose_name=_("in reply to")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("text"))
    body_html = RenderedHTMLField(editable=False)  # rendered on write: pages never run Markdown
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]
