"""Who follows what, what each person was told, and every delivery, keyed so it happens once."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Subscription(models.Model):
    """A person follows a question, a category, a tag, an idea: anything with a content type."""

    class Reason(models.TextChoices):
        MANUAL = "manual", _("Followed")
        ASKED = "asked", _("Asked")
        ANSWERED = "answered", _("Answered")
        REPLIED = "replied", _("Replied")
        AUTHOR = "author", _("Wrote it")
        VOTED = "voted", _("Voted")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    # An explicit unfollow keeps the row inactive, so answering again does not follow again.
    active = models.BooleanField(default=True)
    reason = models.CharField(max_length=12, choices=Reason.choices, default=Reason.MANUAL)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "content_type", "object_id"], name="notifications_one_subscription")
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "active"], name="notif_sub_target")]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.content_type_id}:{self.object_id}"


class Notification(models.Model):
    """One line in a person's notifications; several events on one thread close in time share a line."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40)
    group_key = models.CharField(max_length=160)
    count = models.PositiveIntegerField(default=1)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=200)
    url = models.CharField(max_length=400)
    params = models.JSONField(
        default=dict, encoder=DjangoJSONEncoder
    )  # what the sentence needs besides the title: actor, votes
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # The recipient's day a daily line gathers (kinds.register_daily_line); empty for every other line.
    day = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            # One daily line per kind, person and day, even when two workers add to it at once.
            models.UniqueConstraint(fields=["recipient", "kind", "day"], name="notifications_one_line_a_day")
        ]
        indexes = [
            models.Index(fields=["recipient", "-updated_at"], name="notif_recipient_recent"),
            models.Index(
                fields=["recipient", "group_key"], condition=Q(read_at__isnull=True), name="notif_unread_groups"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}: {self.title}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    def text(self) -> str:
        """The line a person reads, in the active language."""
        from . import kinds

        return kinds.get(self.kind).describe(self.count, {**self.params, "title": self.title})


class Delivery(models.Model):
    """One message to one person on one channel for one event: the row comes first, sending follows.

    The unique key makes a redelivered task, a retried fan-out or a sweep a no-op; the status makes
    sending resumable after a killed worker.
    """

    class Channel(models.TextChoices):
        IN_APP = "in_app", _("In the app")
        EMAIL = "email", _("Email")
        DIGEST = "digest", _("Email digest")  # waits for the person's daily or weekly digest

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Skipped")
        FAILED = "failed", _("Failed")

    key = models.CharField(max_length=160)  # the event (its id, or e.g. "milestone:answer:7:10")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    kind = models.CharField(max_length=40)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    notification = models.ForeignKey(Notification, null=True, blank=True, on_delete=models.SET_NULL)
    payload = models.JSONField(
        default=dict, encoder=DjangoJSONEncoder
    )  # what the message says: title, url, excerpt, actor
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["key", "recipient", "channel"], name="notifications_delivery_once")
        ]
        indexes = [
            models.Index(
                fields=["channel", "created_at"], condition=Q(status="pending"), name="notif_delivery_pending"
            ),
            models.Index(fields=["recipient", "kind", "-created_at"], name="notif_delivery_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.kind} to {self.recipient_id} ({self.status})"


class Preference(models.Model):
    """How a person wants to hear about one kind of news; without a row, the kind's defaults apply."""

    class Email(models.TextChoices):
        INSTANT = "instant", _("Right away")
        DAILY = "daily", _("Daily digest")
        WEEKLY = "weekly", _("Weekly digest")
        OFF = "off", _("No email")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_prefs")
    kind = models.CharField(max_length=40)
    email = models.CharField(max_length=8, choices=Email.choices)
    in_app = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notifications_one_preference")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.email}"
