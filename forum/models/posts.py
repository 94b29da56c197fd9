"""Questions, answers, replies, votes and revisions, with the invariants the database itself keeps."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from community.markdown import RenderedHTMLField

from ..kernel.models import Remark, Visibility

TITLE_MIN, TITLE_MAX = 10, 150
BODY_MAX = 30_000
REPLY_MAX = 3_000


class Category(models.Model):
    class Colour(models.TextChoices):
        BLUE = "blue", _("Blue")
        GREEN = "green", _("Green")
        PURPLE = "purple", _("Purple")
        ORANGE = "orange", _("Orange")
        PINK = "pink", _("Pink")
        TEAL = "teal", _("Teal")
        GREY = "grey", _("Grey")
        RED = "red", _("Red")

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        SUPER_USERS = "super_users", _("Super users and staff")
        STAFF = "staff", _("Agents, moderators and admins")

    class ThreadStarters(models.TextChoices):
        EVERYONE = "everyone", _("Everyone who can see it")
        STAFF = "staff", _("Staff only: agents, moderators and admins")

    class InstantAnswers(models.TextChoices):
        USUAL = "usual", _("Usual: on, except where only staff start threads (announcements)")
        ON = "on", _("On")
        OFF = "off", _("Off")

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("address"), unique=True)
    description = models.TextField(_("description"), blank=True, max_length=500)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    colour = models.CharField(_("colour"), max_length=10, choices=Colour.choices, default=Colour.BLUE)
    audience = models.CharField(_("who can see it"), max_length=12, choices=Audience.choices, default=Audience.EVERYONE)
    thread_starters = models.CharField(
        _("who may start threads"),
        max_length=12,
        choices=ThreadStarters.choices,
        default=ThreadStarters.EVERYONE,
        help_text=_("Everyone who can see the category may still answer and reply."),
    )
    instant_answers = models.CharField(
        _("automatic first reply"),
        max_length=8,
        choices=InstantAnswers.choices,
        default=InstantAnswers.USUAL,
        help_text=_("Whether a new question gets an automatic reply with links to solved threads and articles."),
    )
    # Kept by the services, so the home page lists categories without counting.
    question_count = models.PositiveIntegerField(_("questions"), default=0, editable=False)
    solved_count = models.PositiveIntegerField(_("solved"), default=0, editable=False)
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True, editable=False)
    last_question = models.ForeignKey(
        "Question", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/c/{self.slug}/"

    @property
    def answers_instantly(self) -> bool:
        """New questions here get an automatic first reply: announcements (staff-only threads) do not, as usual."""
        if self.instant_answers == self.InstantAnswers.USUAL:
            return self.thread_starters == self.ThreadStarters.EVERYONE
        return self.instant_answers == self.InstantAnswers.ON


class Post(Visibility):
    """What questions and answers share: Markdown and its pre-rendered HTML, score, edits, visibility."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("text"), max_length=BODY_MAX)
    body_html = RenderedHTMLField(editable=False)  # rendered on save: pages never run Markdown
    score = models.IntegerField(_("score"), default=0)
    imported_score = models.IntegerField(default=0, editable=False)  # votes from an import without voters
    reply_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("asked"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The agent who typed the post for its author (a customer who phoned or wrote in): pages say
    # "posted by <agent> for <author>"; the author owns it as if they had written it themselves.
    on_behalf_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("posted on their behalf by"),
    )
    # Imported posts keep where they came from, as their licence (CC BY-SA for Stack Exchange) asks.
    source_url = models.URLField(_("source"), blank=True, max_length=300)
    source_author = models.CharField(_("original author"), blank=True, max_length=120)
    source_author_url = models.URLField(_("original author's profile"), blank=True, max_length=300)
    source_licence = models.CharField(_("licence"), blank=True, max_length=40)

    class Meta:
        abstract = True


class Question(Post):
    class Language(models.TextChoices):
        GERMAN = "de", _("German")
        ENGLISH = "en", _("English")

    class CloseReason(models.TextChoices):
        OFF_TOPIC = "off_topic", _("Off topic")
        UNCLEAR = "unclear", _("Unclear what is asked")
        RESOLVED = "resolved", _("Resolved elsewhere")
        SPAM = "spam", _("Spam or advertising")
        DUPLICATE = "duplicate", _("Duplicate of another question")
        OTHER = "other", _("Other reason")

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="questions")
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    excerpt = models.CharField(max_length=300, blank=True, editable=False)  # plain text for lists, set on write
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="questions")
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.ENGLISH)
    tags = TaggableManager(_("tags"), blank=True)
    # Denormalised by the services so lists sort and filter without joins.
    is_solved = models.BooleanField(_("solved"), default=False)
    # The asker said Yes to the automatic reply: solved by the knowledge base, with no accepted answer needed.
    solved_by_knowledge_base = models.BooleanField(_("solved by the knowledge base"), default=False)
    # The asker said No to the automatic reply: the unanswered list shows it first, to super users and agents.
    help_wanted_at = models.DateTimeField(_("automatic reply declined"), null=True, blank=True)
    answer_count = models.PositiveIntegerField(_("answers"), default=0)
    view_count = models.PositiveIntegerField(_("views"), default=0)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    last_activity_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # States
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    close_reason = models.CharField(_("reason"), max_length=12, choices=CloseReason.choices, blank=True)
    close_note = models.CharField(_("note"), max_length=300, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    is_locked = models.BooleanField(_("locked"), default=False)
    pinned_at = models.DateTimeField(_("pinned"), null=True, blank=True)
    announcement_until = models.DateTimeField(_("site-wide banner until"), null=True, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [
            models.Index(fields=["-last_activity_at"], name="forum_q_activity"),
            models.Index(fields=["category", "-last_activity_at"], name="forum_q_cat_activity"),
            models.Index(fields=["-created_at"], name="forum_q_created"),
            models.Index(fields=["-score", "-created_at"], name="forum_q_votes"),
            models.Index(fields=["removal"], condition=Q(removal__in=["held", "hidden"]), name="forum_q_withheld"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(duplicate_of=models.F("id")), name="forum_q_not_duplicate_of_itself"),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | ~Q(close_reason=""), name="forum_q_closed_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(duplicate_of__isnull=True) | Q(close_reason="duplicate", closed_at__isnull=False),
                name="forum_q_duplicate_is_closed",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        # A string, not reverse(): list pages build this for every row.
        return f"/q/{self.pk}/{self.slug}/"

    @property
    def slug(self) -> str:
        return slugify(self.title)[:80] or "question"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def is_duplicate(self) -> bool:
        return self.duplicate_of_id is not None

    @property
    def is_pinned(self) -> bool:
        return self.pinned_at is not None

    @property
    def accepts_answers(self) -> bool:
        return not (self.is_locked or self.is_closed or self.is_deleted)


class Answer(Post):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="answers")
    is_accepted = models.BooleanField(_("accepted"), default=False)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The AnswerAccepted event behind the mark, so AnswerUnaccepted can name exactly what it undoes.
    accept_event_id = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [  # the database itself allows one accepted answer per question
            models.UniqueConstraint(
                fields=["question"], condition=Q(is_accepted=True), name="forum_one_accepted_answer_per_question"
            ),
        ]
        indexes = [
            models.Index(fields=["question", "-is_accepted", "-score", "created_at"], name="forum_a_order"),
            models.Index(fields=["removal"], condition=Q(removal__in=["held", "hidden"]), name="forum_a_withheld"),
        ]

    def __str__(self) -> str:
        return _("Answer to “%(title)s”") % {"title": self.question.title}

    def get_absolute_url(self) -> str:
        return f"{self.question.get_absolute_url()}#answer-{self.pk}"


class Reply(Remark):
    """A short reply under the question or under an answer; `parent` makes it a reply to a reply."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="replies")
    answer = models.ForeignKey(Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="replies")
    body = models.TextField(_("reply"), max_length=REPLY_MAX)
    source_url = models.URLField(_("source"), blank=True, max_length=300)
    source_author = models.CharField(_("original author"), blank=True, max_length=120)
    source_author_url = models.URLField(_("original author's profile"), blank=True, max_length=300)
    source_licence = models.CharField(_("licence"), blank=True, max_length=40)

    class Meta(Remark.Meta):
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        indexes = [
            models.Index(fields=["question", "created_at"], name="forum_r_question"),
            models.Index(fields=["removal"], condition=Q(removal__in=["held", "hidden"]), name="forum_r_withheld"),
        ]

    def get_absolute_url(self) -> str:
        return f"{self.question.get_absolute_url()}#reply-{self.pk}"


class Vote(models.Model):
    """One person's vote on a question or an answer: +1 or -1, one per person and post."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="votes")
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.CASCADE, related_name="votes")
    answer = models.ForeignKey(Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(choices=[(1, "+1"), (-1, "-1")])
    created_at = models.DateTimeField(default=timezone.now)
    # The VoteCast event that made this vote, so VoteRetracted can name exactly what it undoes.
    cast_event_id = models.UUIDField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(question__isnull=False, answer__isnull=True)
                | Q(question__isnull=True, answer__isnull=False),
                name="forum_vote_on_one_post",
            ),
            models.CheckConstraint(condition=Q(value__in=[1, -1]), name="forum_vote_plus_or_minus_one"),
            models.UniqueConstraint(
                fields=["user", "question"], condition=Q(question__isnull=False), name="forum_one_vote_per_question"
            ),
            models.UniqueConstraint(
                fields=["user", "answer"], condition=Q(answer__isnull=False), name="forum_one_vote_per_answer"
            ),
        ]

    def __str__(self) -> str:
        post = f"answer {self.answer_id}" if self.answer_id else f"question {self.question_id}"
        return f"{self.value:+d} by {self.user_id} on {post}"


class Revision(models.Model):
    """A question's or an answer's text as it was after one edit (the first is the original)."""

    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions")
    answer = models.ForeignKey(Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=TITLE_MAX, blank=True)
    body = models.TextField()
    tags = models.CharField(max_length=300, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("edit summary"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(question__isnull=False, answer__isnull=True)
                | Q(question__isnull=True, answer__isnull=False),
                name="forum_revision_of_one_post",
            ),
            models.UniqueConstraint(
                fields=["question", "number"], condition=Q(question__isnull=False), name="forum_q_revision_number"
            ),
            models.UniqueConstraint(
                fields=["answer", "number"], condition=Q(answer__isnull=False), name="forum_a_revision_number"
            ),
        ]

    def __str__(self) -> str:
        return f"revision {self.number}"
