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


# Suspensions and silencing, rate limits, and the links people post (moderation/suspensions.py, limits.py, spam.py).


class Restriction(models.Model):
    """A member suspended or silenced by a moderator, until `ends_at` or for good (None).

    In force while not closed and not ended: the end is compared with the clock on every read, so it
    ends by itself. A new decision about the same person closes the one before (one open row each).
    """

    class Kind(models.TextChoices):
        SUSPENDED = "suspended", _("Suspended")
        SILENCED = "silenced", _("Silenced")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="restrictions")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    reason = models.TextField(_("reason"), max_length=1000)
    starts_at = models.DateTimeField(_("from"), default=timezone.now)
    ends_at = models.DateTimeField(_("until"), null=True, blank=True, help_text=_("Empty: for good."))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # Closed: lifted, replaced by a newer decision, or tidied away after its end.
    closed_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lift_note = models.CharField(_("note on lifting"), max_length=500, blank=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("suspension or silencing")
        verbose_name_plural = _("suspensions and silencing")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(closed_at__isnull=True), name="moderation_one_open_restriction"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="moderation_restriction_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.user_id}"

    def in_force(self, now=None) -> bool:
        now = now or timezone.now()
        return self.closed_at is None and (self.ends_at is None or self.ends_at > now)


class RateLimit(models.Model):
    """How often people of a role may do something; without a row the default in limits.DEFAULTS holds."""

    class Role(models.TextChoices):
        NEW_MEMBER = "new_member", _("New member")
        MEMBER = "member", _("Member")
        SUPER_USER = "super_user", _("Super user")
        AGENT = "agent", _("Agent")
        MODERATOR = "moderator", _("Moderator")

    class Action(models.TextChoices):
        QUESTION = "question", _("Asking")
        ANSWER = "answer", _("Answering")
        REPLY = "reply", _("Replying")
        VOTE = "vote", _("Voting")
        FLAG = "flag", _("Flagging")
        IDEA = "idea", _("Suggesting ideas")
        IDEA_COMMENT = "idea_comment", _("Commenting on ideas")

    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    limit = models.PositiveIntegerField(_("at most"), help_text=_("0: no limit."))
    minutes = models.PositiveIntegerField(_("per minutes"), default=60)

    class Meta:
        ordering = ["role", "action"]
        verbose_name = _("rate limit")
        verbose_name_plural = _("rate limits")
        constraints = [
            models.UniqueConstraint(fields=["role", "action"], name="moderation_one_rate_limit_per_role_and_action"),
            models.CheckConstraint(condition=Q(minutes__gte=1), name="moderation_rate_limit_window_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}, {self.get_action_display()}: {self.limit}/{self.minutes} min"


class CountedWrite(models.Model):
    """One write that a rate limit counts, written in the write's own transaction (a rolled-back post
    counts nothing); rows older than the longest window are deleted by the daily tidy-up."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=12)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["user", "action", "at"], name="moderation_counted_writes")]

    def __str__(self) -> str:
        return f"{self.action} by {self.user_id} at {self.at:%Y-%m-%d %H:%M}"


class PostedLink(models.Model):
    """A link someone posted in a forum thread: repeated links and links many new accounts post are held."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    url_hash = models.CharField(max_length=64)  # sha256 of the normalised address
    url = models.CharField(max_length=500)
    question_id = models.BigIntegerField()  # the thread
    post = models.CharField(max_length=40)  # "answer:12": one row per post and link
    new_account = models.BooleanField(default=False)  # joined less than NEW_MEMBER_DAYS before posting it
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "url_hash"], name="moderation_one_link_per_post")]
        indexes = [
            models.Index(fields=["url_hash", "created_at"], name="moderation_links_by_url"),
            models.Index(fields=["user", "url_hash"], name="moderation_links_by_person"),
        ]

    def __str__(self) -> str:
        return self.url
