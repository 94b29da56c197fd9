"""Reputation as a ledger, ranks, badges, and the super-user program's candidates."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PointRule(models.Model):
    """How many points an event is worth; admins change the values in the administration."""

    class Code(models.TextChoices):
        ANSWER_UPVOTED = "answer_upvoted", _("Your answer was voted up")
        QUESTION_UPVOTED = "question_upvoted", _("Your question was voted up")
        ANSWER_DOWNVOTED = "answer_downvoted", _("Your answer was voted down")
        QUESTION_DOWNVOTED = "question_downvoted", _("Your question was voted down")
        ANSWER_ACCEPTED = "answer_accepted", _("Your answer was accepted")
        ACCEPTED_AN_ANSWER = "accepted_an_answer", _("You accepted an answer to your question")
        IDEA_VOTED = "idea_voted", _("Your idea got a vote")
        IDEA_PLANNED = "idea_planned", _("Your idea is planned")
        IDEA_POSTED = "idea_posted", _("You suggested an idea")
        POST_FLAGGED = "post_flagged", _("A post of yours was hidden after a flag")

    code = models.CharField(_("event"), max_length=30, choices=Code.choices, unique=True)
    points = models.SmallIntegerField(_("points"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("point rule")
        verbose_name_plural = _("point rules")

    def __str__(self) -> str:
        return f"{self.get_code_display()}: {self.points:+d}"


DEFAULT_POINTS = {
    PointRule.Code.ANSWER_UPVOTED: 10,
    PointRule.Code.QUESTION_UPVOTED: 5,
    PointRule.Code.ANSWER_DOWNVOTED: -2,
    PointRule.Code.QUESTION_DOWNVOTED: -2,
    PointRule.Code.ANSWER_ACCEPTED: 15,
    PointRule.Code.ACCEPTED_AN_ANSWER: 2,
    PointRule.Code.IDEA_VOTED: 2,
    PointRule.Code.IDEA_PLANNED: 20,
    PointRule.Code.IDEA_POSTED: 0,  # on the ledger for the "Idea maker" badge; an admin may make it worth points
    PointRule.Code.POST_FLAGGED: -10,
}
VOTE_CODES = {
    PointRule.Code.ANSWER_UPVOTED, PointRule.Code.QUESTION_UPVOTED, PointRule.Code.ANSWER_DOWNVOTED,
    PointRule.Code.QUESTION_DOWNVOTED, PointRule.Code.IDEA_VOTED,
}  # fmt: skip


class Rank(models.Model):
    """A named level from a number of reputation points on (names per language in the administration)."""

    name = models.CharField(_("name"), max_length=40)
    threshold = models.PositiveIntegerField(_("from reputation"), unique=True)

    class Meta:
        ordering = ["threshold"]
        verbose_name = _("rank")
        verbose_name_plural = _("ranks")

    def __str__(self) -> str:
        return self.name


class ReputationEntry(models.Model):
    """One change of one person's reputation, and why. The total is the sum of these rows."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reputation_entries")
    points = models.IntegerField()
    reason = models.CharField(max_length=30, choices=PointRule.Code.choices)
    question = models.ForeignKey("forum.Question", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answer = models.ForeignKey("forum.Answer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    idea_id = models.BigIntegerField(null=True, blank=True)
    category = models.ForeignKey("forum.Category", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    event_id = models.UUIDField()  # the event that caused it; with `user`, unique: an event counts once
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reversed_by"
    )  # an undo names the entry it takes back, and takes back exactly its points
    capped = models.BooleanField(default=False)  # fewer points than the rule: the daily cap for votes
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "reputation entries"
        constraints = [models.UniqueConstraint(fields=["event_id", "user"], name="superusers_event_counts_once")]
        indexes = [
            models.Index(fields=["created_at", "user"], name="superusers_entry_time"),
            models.Index(fields=["user", "created_at"], name="superusers_entry_user"),
            models.Index(fields=["category", "created_at"], name="superusers_entry_category"),
        ]

    def __str__(self) -> str:
        return f"{self.points:+d} {self.reason} for {self.user_id}"


class Standing(models.Model):
    """A person's reputation total (kept with each ledger row) and rank."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="standing"
    )
    reputation = models.IntegerField(default=0)
    rank = models.ForeignKey(Rank, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.reputation}"


class BadgeAward(models.Model):
    """A badge someone holds. One-time badges have an empty key; repeatable ones a key per occasion."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="badges")
    badge = models.CharField(max_length=40)
    key = models.CharField(max_length=60, blank=True)
    awarded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "badge", "key"], name="superusers_badge_once")]
        indexes = [models.Index(fields=["badge", "-awarded_at"], name="superusers_badge_holders")]

    def __str__(self) -> str:
        return f"{self.badge} for {self.user_id}"


class Candidate(models.Model):
    """Measured helpfulness over the last 90 days, computed each night, for moderators to promote from."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="candidacy"
    )
    accepted_answers = models.PositiveIntegerField(default=0)
    upvotes = models.PositiveIntegerField(default=0)
    median_first_answer_minutes = models.FloatField(null=True, blank=True)
    active_days = models.PositiveIntegerField(default=0)
    flags_upheld = models.PositiveIntegerField(default=0)
    score = models.FloatField(default=0)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-score"]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.score:.1f}"
