"""Flags on posts and the review queue's decisions (the audit log of every decision is the foundation's)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Flag(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        RUDE = "rude", _("Rude or abusive")
        OFF_TOPIC = "off_topic", _("Off topic")
        WRONG = "wrong", _("Dangerous or wrong advice")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        UPHELD = "upheld", _("Upheld")
        DISMISSED = "dismissed", _("Dismissed")

    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey("forum.Question", on_delete=models.CASCADE, related_name="+")
    answer = models.ForeignKey("forum.Answer", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    reply = models.ForeignKey("forum.Reply", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags_against")
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            # One open flag per person and post: flagging again changes nothing.
            models.UniqueConstraint(
                fields=["reporter", "question", "answer", "reply"],
                condition=Q(status="open"),
                name="moderation_one_open_flag_per_post",
                nulls_distinct=False,
            ),
        ]
        indexes = [models.Index(fields=["author", "status", "handled_at"], name="moderation_flags_against")]

    def __str__(self) -> str:
        return f"{self.reason} flag on {self.reply_id or self.answer_id or self.question_id}"

    @property
    def post(self):
        return self.reply or self.answer or self.question
