"""The knowledge base: an article per solved question, kept in step with it by a Celery task."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from community.markdown import RenderedHTMLField

from .posts import Answer, Category, Question


class Article(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")  # its question lost the accepted answer, or was deleted

    question = models.OneToOneField(
        Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="article"
    )  # None for articles written directly (an imported FAQ, say)
    answer = models.ForeignKey(Answer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), help_text=_("Markdown."))
    summary_html = RenderedHTMLField(editable=False)
    # Set when a super user or moderator rewrote the summary: later edits of the thread keep their text.
    summary_edited = models.BooleanField(default=False, editable=False)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="articles")
    tags = TaggableManager(_("tags"), blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Question.Language.choices, default="en")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    source_url = models.URLField(_("source"), blank=True, max_length=300)
    # "Was this helpful?": members' answers (one each, from ArticleFeedback) apart from signed-out ones, which
    # are limited per client and day but cannot be tied to a person: only members' figures earn anything.
    helpful_yes = models.PositiveIntegerField(_("helpful (members)"), default=0)
    helpful_no = models.PositiveIntegerField(_("not helpful (members)"), default=0)
    anonymous_yes = models.PositiveIntegerField(_("helpful (signed out)"), default=0)
    anonymous_no = models.PositiveIntegerField(_("not helpful (signed out)"), default=0)
    view_count = models.PositiveIntegerField(_("views"), default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(_("last reviewed"), default=timezone.now)

    class Meta:
        verbose_name = _("knowledge-base article")
        verbose_name_plural = _("knowledge-base articles")
        indexes = [models.Index(fields=["status", "-updated_at"], name="forum_article_recent")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/knowledge-base/{self.pk}/{slugify(self.title)[:80] or 'article'}/"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class ArticleRevision(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    summary = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )  # None: written by the system from the thread
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="forum_article_revision_number")]

    def __str__(self) -> str:
        return f"revision {self.number}"


class ArticleFeedback(models.Model):
    """One 'Was this helpful?' answer per signed-in person and article; a later answer replaces it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="feedback")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    helpful = models.BooleanField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="forum_one_feedback_per_person")]

    def __str__(self) -> str:
        return f"{'yes' if self.helpful else 'no'} on {self.article_id}"
