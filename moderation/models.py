"""Flags on posts and the review queue's decisions (the audit log of every decision is the foundation's)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Flag(models.Model):
    """A member asks moderators to look at a post of any kind the forum's registry knows (forum/moderatable.py)."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        ABUSIVE = "abusive", _("Rude or abusive")
        OFF_TOPIC = "off_topic", _("Off topic")
        OTHER = "other", _("Something else (please say what)")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        UPHELD = "upheld", _("Upheld")
        DISMISSED = "dismissed", _("Dismissed")

    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The post: a kind the forum's registry knows ("question", "answer", "reply", "idea", "idea_comment").
    kind = models.CharField(_("kind of post"), max_length=20)
    object_id = models.PositiveBigIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags_against")
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    # The reporter's standing when they flagged: trusted flags hide a post once there are enough of them.
    trusted = models.BooleanField(default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            # One open flag per person and post; the service refuses a second flag at all.
            models.UniqueConstraint(
                fields=["reporter", "kind", "object_id"],
                condition=Q(status="open"),
                name="moderation_one_open_flag_per_target",
            ),
        ]
        indexes = [
            models.Index(fields=["author", "status", "handled_at"], name="moderation_flags_against"),
            models.Index(fields=["kind", "object_id", "status"], name="moderation_flags_on_target"),
            models.Index(fields=["status", "created_at"], name="moderation_open_flags"),
        ]

    def __str__(self) -> str:
        return f"{self.reason} flag on {self.kind} {self.object_id}"


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
