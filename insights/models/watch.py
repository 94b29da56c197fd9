"""Watch lists: words, phrases and tags staff keep an eye on, and the posts that matched them."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WatchList(models.Model):
    name = models.CharField(_("name"), max_length=80)
    # Matched stemmed, in the post's language: "Störung" also finds "Störungen".
    terms = ArrayField(models.CharField(max_length=80), verbose_name=_("words and phrases"), default=list, blank=True)
    tags = ArrayField(models.CharField(max_length=50), verbose_name=_("tags"), default=list, blank=True)
    categories = models.ManyToManyField(
        "forum.Category", blank=True, related_name="+", verbose_name=_("only in these categories")
    )
    watchers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("watchers")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("watch list")
        verbose_name_plural = _("watch lists")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/insights/watch/{self.pk}/"


class WatchHit(models.Model):
    class Kind(models.TextChoices):
        # The lower-case labels are the catalog's nouns ("Reply" alone is the button's verb there).
        QUESTION = "question", _("question")
        ANSWER = "answer", _("answer")
        REPLY = "reply", _("reply")

    watch_list = models.ForeignKey(WatchList, on_delete=models.CASCADE, related_name="hits")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    question = models.ForeignKey("forum.Question", on_delete=models.CASCADE, related_name="+")
    # The thread's category when the post matched: the page shows a hit only to who may see it.
    category = models.ForeignKey("forum.Category", null=True, on_delete=models.SET_NULL, related_name="+")
    matched_terms = ArrayField(models.CharField(max_length=80), default=list)
    matched_tags = ArrayField(models.CharField(max_length=50), default=list)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # A post matches a list once, however often its events arrive (edits, duplicates, retries).
            models.UniqueConstraint(fields=["watch_list", "kind", "object_id"], name="insights_watch_hit_once"),
        ]
        indexes = [models.Index(fields=["watch_list", "-created_at"], name="insights_watch_hit_recent")]

    def __str__(self) -> str:
        return f"{self.watch_list_id}:{self.kind}:{self.object_id}"
