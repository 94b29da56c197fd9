"""Questions as lists show them: the home page, categories, tags, feeds, the banner; and tags themselves."""

from dataclasses import dataclass, field

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from taggit.models import Tag

from .. import fragments
from ..models import Category, Question
from .categories import audiences

PAGE_SIZE = 20


SORTS = {"active", "newest", "votes", "unanswered"}


STATES = {"solved", "unsolved"}


ANNOUNCEMENT_CACHE_SECONDS = 60


ANNOUNCEMENT_KEY = "forum:announcement"


def _list_queryset(user) -> QuerySet[Question]:
    return (
        Question.objects.filter(deleted_at__isnull=True, category__audience__in=audiences(user))
        .select_related("author", "category")
        .only(
            "id",
            "title",
            "excerpt",
            "score",
            "imported_score",
            "answer_count",
            "view_count",
            "is_solved",
            "solved_by_knowledge_base",
            "help_wanted_at",
            "created_at",
            "last_activity_at",
            "closed_at",
            "close_reason",
            "duplicate_of_id",
            "is_locked",
            "pinned_at",
            "language",
            "author__id",
            "author__handle",
            "author__display_name",
            "author__avatar",
            "category__id",
            "category__slug",
            "category__name_en",
            "category__name_de",
            "category__colour",
        )
        .prefetch_related("tags")
    )


@dataclass
class QuestionList:
    page: object
    sort: str
    state: str
    total: int = 0
    extra: dict = field(default_factory=dict)


def question_list(
    user,
    *,
    category: Category | None = None,
    tag: Tag | None = None,
    sort: str = "active",
    state: str = "",
    page: str | int | None = 1,
) -> QuestionList:
    """One page of questions: pinned first, then by the chosen order; solved or unsolved on request."""
    sort = sort if sort in SORTS else "active"
    state = state if state in STATES else ""
    questions = _list_queryset(user)
    if category is not None:
        questions = questions.filter(category=category)
    if tag is not None:
        questions = questions.filter(tags=tag)
    if state == "solved":
        questions = questions.filter(is_solved=True)
    elif state == "unsolved":
        questions = questions.filter(is_solved=False)
    pinned_first = F("pinned_at").desc(nulls_last=True)
    if sort == "newest":
        questions = questions.order_by(pinned_first, "-created_at", "-id")
    elif sort == "votes":
        questions = questions.order_by(pinned_first, "-score", "-created_at", "-id")
    elif sort == "unanswered":
        # Questions whose asker said the automatic reply did not help come first: they wait for a person.
        help_wanted_first = F("help_wanted_at").desc(nulls_last=True)
        questions = questions.filter(answer_count=0).order_by(pinned_first, help_wanted_first, "-created_at", "-id")
    else:
        questions = questions.order_by(pinned_first, "-last_activity_at", "-id")
    paginator = Paginator(questions, PAGE_SIZE)
    try:
        current = paginator.page(page or 1)
    except PageNotAnInteger:
        current = paginator.page(1)
    except EmptyPage:
        current = paginator.page(paginator.num_pages)
    return QuestionList(page=current, sort=sort, state=state, total=paginator.count)


def unanswered_count(user) -> int:
    """Open questions this person may see that nobody has answered yet (the staff menu's count; one query)."""
    return Question.objects.filter(
        deleted_at__isnull=True, closed_at__isnull=True, answer_count=0, category__audience__in=audiences(user)
    ).count()


def question_search(user, query: str, *, page=1) -> QuestionList:
    """Questions whose title or text contains every word of the query, newest activity first."""
    questions = _list_queryset(user)
    for word in query.split()[:8]:
        questions = questions.filter(Q(title__icontains=word) | Q(body__icontains=word))
    paginator = Paginator(questions.order_by("-last_activity_at", "-id"), PAGE_SIZE)
    try:
        current = paginator.page(page or 1)
    except PageNotAnInteger:
        current = paginator.page(1)
    except EmptyPage:
        current = paginator.page(paginator.num_pages)
    return QuestionList(page=current, sort="active", state="", total=paginator.count)


def tag_suggestions(prefix: str, limit: int = 8) -> list[str]:
    """Existing tags that start with what the person typed, most used first."""
    prefix = prefix.strip().lower()[:30]
    if not prefix:
        return []
    return list(
        Tag.objects.filter(name__istartswith=prefix)
        .annotate(uses=Count("taggit_taggeditem_items"))
        .order_by("-uses", "name")
        .values_list("name", flat=True)[:limit]
    )


def tag(slug: str) -> Tag:
    return Tag.objects.get(slug=slug)


def tag_or_none(slug: str) -> Tag | None:
    return Tag.objects.filter(slug=slug).first() if slug else None


def announcement() -> dict | None:
    """The site-wide banner (a pinned question announced until a time), cached: every page shows it."""
    cached = fragments.get(ANNOUNCEMENT_KEY)
    if cached is None:
        now = timezone.now()
        question = (
            Question.objects.filter(
                announcement_until__gt=now, deleted_at__isnull=True, category__audience=Category.Audience.EVERYONE
            )
            .order_by("-pinned_at")
            .only("id", "title", "announcement_until")
            .first()
        )
        cached = (
            {"title": question.title, "url": question.get_absolute_url(), "until": question.announcement_until}
            if question
            else {}
        )
        fragments.keep(ANNOUNCEMENT_KEY, cached, ANNOUNCEMENT_CACHE_SECONDS)
    if cached and cached["until"] <= timezone.now():
        return None
    return cached or None


def feed_questions(*, category: Category | None = None, tag: Tag | None = None, limit: int = 30) -> QuerySet:
    questions = Question.objects.filter(deleted_at__isnull=True, category__audience=Category.Audience.EVERYONE)
    if category is not None:
        questions = questions.filter(category=category)
    if tag is not None:
        questions = questions.filter(tags=tag)
    return questions.select_related("author", "category").order_by("-created_at")[:limit]
