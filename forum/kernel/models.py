"""The fields every short remark under a post shares: a forum reply, a comment on an idea.

Abstract, so each keeps its own table; a subclass overrides `author` (for its related name) and `body`
(for its label and length), and adds what ties it to its post.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.markdown import RenderedHTMLField


class Remark(models.Model):
    """A short text under a post; `parent` makes it an answer to another remark there."""

    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children", verbose_name=_("in reply to")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("text"))
    body_html = RenderedHTMLField(editable=False)  # rendered on write: pages never run Markdown
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Soft delete: the remark stays as a tombstone, so the ones answering it keep their place.
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None
