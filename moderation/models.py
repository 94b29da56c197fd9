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


class Policy(models.Model):
    """What an admin sets for moderation, on one row the admin edits; until then the defaults hold."""

    flags_to_hide = models.PositiveSmallIntegerField(
        _("trusted flags that hide a post"),
        default=3,
        help_text=_("A post is hidden at once when this many trusted members flagged it; 0 turns this off."),
    )
    trusted_reputation = models.PositiveIntegerField(
        _("reputation that makes flags trusted"),
        default=200,
        help_text=_("Flags of super users, and of members with more reputation than this, are trusted."),
    )
    hold_first_posts = models.BooleanField(
        _("hold the first post of new members"),
        default=False,
        help_text=_("A new member's first post waits in the review queue until someone approves it."),
    )
    new_member_links = models.PositiveSmallIntegerField(
        _("links a new member may post"),
        default=0,
        help_text=_("A new member's post with more links than this waits in the review queue."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("moderation settings")
        verbose_name_plural = _("moderation settings")

    def __str__(self) -> str:
        return str(_("Moderation settings"))

    @classmethod
    def current(cls) -> "Policy":
        # Unsaved defaults when no row exists yet: reading a setting never writes (pages are GETs).
        return cls.objects.order_by("pk").first() or cls()
