"""The automatic first reply to a question, and the asker's verdict on it.

Not an Answer: an answer has an author who earns reputation from votes and accepts, counts in the
question's answers (taking it off the unanswered list) and can be edited and voted on. The automatic
reply is none of that: the system's pointer to what the community already solved, one per question
(the database keeps it to one), shown in the thread with its own mark.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .posts import Question


class InstantAnswer(models.Model):
    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="instant_answer")
    language = models.CharField(_("language"), max_length=2)  # the asker's: the reply's own words are in it
    # Up to three: {"kind", "object_id", "thread_id", "title", "url", "summary", "confidence"}, best first. Kept
    # as written, so the reply reads the same later and a verdict names exactly what was offered.
    links = models.JSONField(default=list)
    confidence = models.FloatField(_("confidence"))  # the best link's calibrated probability of being right
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("automatic reply")
        verbose_name_plural = _("automatic replies")
        indexes = [models.Index(fields=["-created_at"], name="forum_instant_created")]

    def __str__(self) -> str:
        return f"automatic reply to {self.question_id}"

    @property
    def folded(self) -> bool:
        """The asker said it did not help: the thread shows it folded away."""
        verdict = getattr(self, "verdict", None)
        return verdict is not None and not verdict.helpful


class InstantVerdict(models.Model):
    """Yes or No on an automatic reply: a deflection the insights count, or a negative example for matching."""

    instant_answer = models.OneToOneField(InstantAnswer, on_delete=models.CASCADE, related_name="verdict")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    helpful = models.BooleanField(_("solved the question"))
    # Which link solved it (Yes); empty for No, where the links offered are the negative example.
    link_kind = models.CharField(max_length=10, blank=True)
    link_object_id = models.BigIntegerField(null=True, blank=True)
    language = models.CharField(max_length=2)
    confidence = models.FloatField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("verdict on an automatic reply")
        verbose_name_plural = _("verdicts on automatic replies")
        indexes = [models.Index(fields=["helpful", "-created_at"], name="forum_instant_verdicts")]

    def __str__(self) -> str:
        return f"{'yes' if self.helpful else 'no'} on {self.question_id}"
