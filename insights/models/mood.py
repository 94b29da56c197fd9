from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PostMood(models.Model):
    """The sentiment of one post (question, answer or reply), written by a task after the post is saved.

    Ids rather than foreign keys: insights reads the forum and never holds it up; a row whose post is gone
    is simply left out by the selectors, which join the forum tables for visibility.
    """

    class Kind(models.TextChoices):
        QUESTION = "question", _("question")
        ANSWER = "answer", _("answer")
        REPLY = "reply", _("reply")

    class Label(models.TextChoices):
        NEGATIVE = "negative", _("Negative")
        NEUTRAL = "neutral", _("Neutral")
        POSITIVE = "positive", _("Positive")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    question_id = models.PositiveBigIntegerField(db_index=True)
    category_id = models.PositiveBigIntegerField()
    language = models.CharField(_("language"), max_length=2)
    score = models.FloatField(_("mood"))  # -1 negative … 1 positive
    label = models.CharField(_("mood"), max_length=8, choices=Label.choices)
    is_public = models.BooleanField(default=True)  # the post and its question are in public view
    posted_at = models.DateTimeField()  # when the post was written: the charts' time axis
    scored_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("post mood")
        verbose_name_plural = _("post moods")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="insights_mood_one_per_post")]
        indexes = [
            models.Index(fields=["category_id", "posted_at"], name="insights_mood_cat_time"),
            # The dashboard's chart over every category reads a period of public posts.
            models.Index(fields=["posted_at"], condition=Q(is_public=True), name="insights_mood_public_time"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.score:+.2f}"


class ThreadMood(models.Model):
    """The mood of one thread's public posts together, kept in step by every scoring: what "the most
    negative threads" reads, by an index on the average, instead of every post's row."""

    question_id = models.PositiveBigIntegerField(unique=True)
    category_id = models.PositiveBigIntegerField()
    score_sum = models.FloatField()
    count = models.PositiveIntegerField()
    average = models.FloatField()
    lowest = models.FloatField()
    last_posted_at = models.DateTimeField()  # the thread's latest scored public post

    class Meta:
        verbose_name = _("thread mood")
        verbose_name_plural = _("thread moods")
        indexes = [
            models.Index(fields=["average", "lowest"], name="insights_thread_mood_worst"),
            models.Index(fields=["category_id", "average", "lowest"], name="insights_thread_mood_cat_worst"),
        ]

    def __str__(self) -> str:
        return f"thread {self.question_id}: {self.average:+.2f}"
