"""Ideas, votes, comments, status history and thread links, with the invariants the database itself keeps."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from community.markdown import RenderedHTMLField
from forum.kernel.models import Remark, Visibility

TITLE_MIN, TITLE_MAX = 10, 150
BODY_MIN, BODY_MAX = 20, 20_000
COMMENT_MAX = 5_000
RESPONSE_MAX = 5_000
# Names of the actions under /ideas/<pk>/ (see urls.py), never used as an idea's slug.
RESERVED_SLUGS = frozenset({"edit", "vote", "comment", "status", "merge", "voters", "threads"})


class ProductArea(models.Model):
    """A part of the product an idea is about; admins name them in every language."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("address"), unique=True)
    description = models.TextField(_("description"), blank=True, max_length=500)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("product area")
        verbose_name_plural = _("product areas")

    def __str__(self) -> str:
        return self.name


class Idea(Visibility):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        UNDER_REVIEW = "under_review", _("Under review")
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DECLINED = "declined", _("Declined")

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ideas")
    # Who wrote it down when not the author: a moderator turning a forum thread into an idea.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    body = models.TextField(_("description"), max_length=BODY_MAX)
    body_html = RenderedHTMLField(editable=False)
    excerpt = models.CharField(max_length=300, blank=True, editable=False)
    area = models.ForeignKey(
        ProductArea,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ideas",
        verbose_name=_("product area"),
    )
    tags = TaggableManager(_("tags"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    # Kept by the services, so lists sort without counting.
    vote_count = models.PositiveIntegerField(_("votes"), default=0)
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    # The newest status change that carried an official response: cards quote it without a join per card.
    latest_response = models.ForeignKey(
        "StatusChange", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_ideas",
        verbose_name=_("merged into"),
    )
    merged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Title (weight A) and description (B), written by the services; "simple" keeps German and English words.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        indexes = [
            models.Index(fields=["-vote_count", "-created_at"], name="ideas_top"),
            models.Index(fields=["-created_at"], name="ideas_newest"),
            models.Index(fields=["status", "-status_changed_at"], name="ideas_status"),
            GinIndex(fields=["search_vector"], name="ideas_search"),
            GinIndex(fields=["title"], name="ideas_title_trgm", opclasses=["gin_trgm_ops"]),
            models.Index(fields=["removal"], condition=Q(removal__in=["held", "hidden"]), name="ideas_withheld"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(merged_into=F("id")), name="ideas_not_merged_into_itself"),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(merged_at__isnull=False), name="ideas_merged_has_time"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        # A string, not reverse(): list pages build this for every card.
        return f"/ideas/{self.pk}/{self.slug}/"

    @property
    def slug(self) -> str:
        slug = slugify(self.title)[:80] or "idea"
        return f"{slug}-idea" if slug in RESERVED_SLUGS else slug

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None


class IdeaVote(models.Model):
    """One person's vote for an idea; withdrawing deletes it."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_votes")
    created_at = models.DateTimeField(default=timezone.now)
    # The IdeaVoted event that made this vote, so IdeaVoteWithdrawn can name exactly what it undoes.
    voted_event_id = models.UUIDField()
    # Set when a merge moved the vote here from a duplicate.
    moved_from = models.ForeignKey(Idea, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "idea"], name="ideas_one_vote_per_idea")]
        indexes = [models.Index(fields=["created_at", "idea"], name="ideas_vote_recent")]

    def __str__(self) -> str:
        return f"vote by {self.user_id} for idea {self.idea_id}"


class IdeaComment(Remark):
    """A comment on an idea; `parent` makes it a reply, `root` is the top comment its conversation hangs under."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    root = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="idea_comments")
    body = models.TextField(_("comment"), max_length=COMMENT_MAX)

    class Meta(Remark.Meta):
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["idea", "created_at"], name="ideas_comment_order"),
            models.Index(
                fields=["removal"], condition=Q(removal__in=["held", "hidden"]), name="ideas_comment_withheld"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | Q(root__isnull=False),
                name="ideas_reply_has_root",
            )
        ]

    def get_absolute_url(self) -> str:
        return f"/ideas/{self.idea_id}/{self.idea.slug}/#comment-{self.pk}"


class StatusChange(models.Model):
    """One step in an idea's history: a new status, an official response, or both.

    A response without a change keeps `old_status == new_status`.
    """

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="status_changes")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    old_status = models.CharField(max_length=12, choices=Idea.Status.choices)
    new_status = models.CharField(max_length=12, choices=Idea.Status.choices)
    response = models.TextField(_("official response"), blank=True, max_length=RESPONSE_MAX)
    response_html = RenderedHTMLField(blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        indexes = [models.Index(fields=["idea", "-created_at"], name="ideas_status_history")]

    def __str__(self) -> str:
        return f"{self.idea_id}: {self.old_status} → {self.new_status}"

    @property
    def changed(self) -> bool:
        return self.old_status != self.new_status

    def get_new_status_label(self) -> str:
        return Idea.Status(self.new_status).label


class IdeaThreadLink(models.Model):
    """A forum thread where the idea came up; the thread shows its linked ideas."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="thread_links")
    question = models.ForeignKey("forum.Question", on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["idea", "question"], name="ideas_one_link_per_thread")]
        indexes = [models.Index(fields=["question"], name="ideas_link_question")]

    def __str__(self) -> str:
        return f"idea {self.idea_id} ↔ question {self.question_id}"
