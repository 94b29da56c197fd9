from datetime import datetime

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but datetimes keep their microseconds: an event's time comes back as it was."""

    def default(self, o):
        if isinstance(o, datetime):
            return o.isoformat()
        return super().default(o)


class Page(models.Model):
    """A page an admin writes, such as the privacy notice or the imprint; a title and text per language."""

    slug = models.SlugField(_("address"), unique=True)
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"), help_text=_("Markdown."))
    show_in_footer = models.BooleanField(_("link in the footer"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("page", args=[self.slug])


class Handoff(models.Model):
    """Work handed to Celery that must happen even if the message is lost: the row comes first.

    Written in the caller's transaction by `community.handoffs.handoff`; the task marks it done; the sweep
    sends again what stayed pending (a killed worker, a broker that was down). See community/handoffs.py.
    """

    key = models.CharField(max_length=200, unique=True)  # the same hand-off twice is one row, one run
    task = models.CharField(max_length=200)  # the Celery task's name
    kwargs = models.JSONField(encoder=ExactJSONEncoder)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(default=timezone.now)  # last handed to the broker
    started_at = models.DateTimeField(null=True, blank=True)  # last picked up by a worker
    done_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=1)  # messages sent for it, the first included

    class Meta:
        verbose_name = _("hand-off to the worker")
        verbose_name_plural = _("hand-offs to the worker")
        indexes = [
            models.Index(fields=["sent_at"], condition=Q(done_at__isnull=True), name="community_handoff_open"),
            models.Index(fields=["done_at"], condition=Q(done_at__isnull=False), name="community_handoff_done"),
        ]

    def __str__(self) -> str:
        return self.key


class AuditEntry(models.Model):
    """Who decided what about whom, and why: promotions, demotions, flags handled, suspensions.

    The foundation keeps it because every app's staff actions are written here, in the same transaction as
    the action (community.audit.record); moderation shows, filters and exports it.
    """

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(_("action"), max_length=40)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.action} by {self.actor_id} on {self.subject_id}"
