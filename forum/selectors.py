"""Every read a forum page needs, shaped so the number of queries does not grow with the data."""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from taggit.models import Tag

from community.accounts.permissions import has_agent_privileges, has_super_user_privileges

from . import fragments, panels
from .models import Answer, Article, Category, Question, Reply, Revision, Vote
from .search.similar import related_questions

PAGE_SIZE = 20
SORTS = {"active", "newest", "votes", "unanswered"}
STATES = {"solved", "unsolved"}
ANNOUNCEMENT_CACHE_SECONDS = 60
ANNOUNCEMENT_KEY = "forum:announcement"


def audiences(user) -> list[str]:
    """The category audiences this person belongs to."""
    allowed = [Category.Audience.EVERYONE]
    if user.is_authenticated:
        if has_super_user_privileges(user):
            allowed.append(Category.Audience.SUPER_USERS)
        if has_agent_privileges(user):
            allowed.append(Category.Audience.STAFF)
    return allowed


def visible_categories(user) -> QuerySet[Category]:
    """Categories this person may see, with their counts and latest question (one query)."""
    return (
        Category.objects.filter(audience__in=audiences(user))
        .select_related("last_question")
        .only(*_CATEGORY_FIELDS, "last_question__id", "last_question__title", "last_question__last_activity_at")
    )


_CATEGORY_FIELDS = (
    "id",
    "slug",
    "name_en",
    "name_de",
    "description_en",
    "description_de",
    "colour",
    "order",
    "audience",
    "thread_starters",
    "question_count",
    "solved_count",
    "last_activity_at",
)


def categories_to_start_in(user) -> list[Category]:
    """Categories where this person may start a thread (ask, or move a question to), in their order."""
    return [category for category in visible_categories(user) if user.has_perm("forum.start_thread", category)]


def category(user, slug: str) -> Category:
    return Category.objects.filter(audience__in=audiences(user)).get(slug=slug)


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
        questions = questions.filter(answer_count=0).order_by(pinned_first, "-created_at", "-id")
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


def question_for_update(user, pk: int) -> Question:
    """The question with what its write views check (category, author)."""
    return (
        Question.objects.select_related("category", "author").filter(category__audience__in=audiences(user)).get(pk=pk)
    )


def question_head(pk: int) -> Question | None:
    """The question as its page shows it, with its category and article (one query); None if missing.

    Whoever reads it checks the category's audience: the result is shared by all readers. It is kept
    under the thread's version, so the thread's renderings may be made from it (`thread(question=…)`).
    """
    return (
        Question.objects.select_related("author", "category", "duplicate_of", "edited_by", "article")
        .defer(
            "author__password",
            "edited_by__password",
            "duplicate_of__body",
            "duplicate_of__body_html",
            "article__summary",
            "article__summary_html",
        )
        .filter(pk=pk)
        .first()
    )


@dataclass
class Thread:
    """Everything the question page shows, fetched in a fixed number of queries."""

    question: Question
    answers: list[Answer]
    replies_by_post: dict[tuple[str, int], list[Reply]]
    my_votes: dict[tuple[str, int], int]
    tags: list[Tag]
    author_marks: dict[int, dict] = field(default_factory=dict)


def thread(user, pk: int, *, question: Question | None = None) -> Thread:
    """The question page: the question, answers (accepted first, then score, then oldest), replies, my votes.

    `question`: the page's head, already checked against the reader's audiences (saves fetching it again).
    """
    if question is None:
        question = (
            Question.objects.select_related("author", "category", "duplicate_of", "edited_by")
            .filter(category__audience__in=audiences(user))
            .get(pk=pk)
        )
    tags = list(question.tags.only("id", "name", "slug"))
    answers = list(
        question.answers.select_related("author", "edited_by").order_by("-is_accepted", "-score", "created_at", "id")
    )
    replies = list(question.replies.select_related("author", "parent__author").order_by("created_at", "id"))
    replies_by_post: dict[tuple[str, int], list[Reply]] = {}
    for reply in replies:
        key = ("answer", reply.answer_id) if reply.answer_id else ("question", question.pk)
        replies_by_post.setdefault(key, []).append(reply)
    answer_by_id = {answer.pk: answer for answer in answers}
    for answer in answers:
        answer.question = question  # saves a query per answer in templates and permission checks
        answer.thread_replies = replies_by_post.get(("answer", answer.pk), [])
    question.thread_replies = replies_by_post.get(("question", question.pk), [])
    question.reply_parent = None
    for answer in answers:
        answer.reply_parent = None
    for reply in replies:
        reply.question = question
        if reply.answer_id:
            reply.answer = answer_by_id.get(reply.answer_id)
    my_votes: dict[tuple[str, int], int] = {}
    if user.is_authenticated:
        votes = Vote.objects.filter(user=user).filter(Q(question=question) | Q(answer_id__in=list(answer_by_id)))
        for vote in votes.only("question_id", "answer_id", "value"):
            key = ("answer", vote.answer_id) if vote.answer_id else ("question", vote.question_id)
            my_votes[key] = vote.value
    question.my_vote = my_votes.get(("question", question.pk), 0)
    for answer in answers:
        answer.my_vote = my_votes.get(("answer", answer.pk), 0)
    authors = {question.author_id, *(a.author_id for a in answers), *(r.author_id for r in replies)}
    return Thread(
        question=question,
        answers=answers,
        replies_by_post=replies_by_post,
        my_votes=my_votes,
        tags=tags,
        author_marks=panels.author_marks(authors),
    )


@dataclass(frozen=True)
class SideLink:
    title: str
    url: str


@dataclass(frozen=True)
class ThreadSide:
    """What the question page shows beside the thread: its knowledge-base article, similar solved questions."""

    article: SideLink | None
    related: list[SideLink]


def thread_side(user, question: Question) -> ThreadSide:
    """The side of a question page, from its head (with the article) and a kept ranking (no query once kept).

    The ranking is kept until the search index or the lists change (a question solved, deleted, hidden
    or moved anywhere), and under the question's own words: an edit asks again.
    """
    article = getattr(question, "article", None)
    reader_audiences = audiences(user)
    key = fragments.search_key(
        "related",
        question.pk,
        question.title,
        question.excerpt,
        question.language,
        reader_audiences,
        fragments.version(fragments.LISTS),
    )
    related = fragments.cached(
        key,
        lambda: [
            SideLink(hit.title, Question(pk=hit.object_id, title=hit.title).get_absolute_url())
            for hit in related_questions(question, audiences=reader_audiences)
        ],
    )
    return ThreadSide(
        article=SideLink(article.title, article.get_absolute_url()) if article and article.is_published else None,
        related=related,
    )


def answer_for_update(user, pk: int) -> Answer:
    return (
        Answer.objects.select_related("question", "question__category", "author")
        .filter(question__category__audience__in=audiences(user))
        .get(pk=pk)
    )


def reply_for_update(user, pk: int) -> Reply:
    return (
        Reply.objects.select_related("question", "question__category", "answer", "author")
        .filter(question__category__audience__in=audiences(user))
        .get(pk=pk)
    )


def revisions(*, question: Question | None = None, answer: Answer | None = None) -> list[Revision]:
    post = {"question": question} if question is not None else {"answer": answer}
    return list(Revision.objects.filter(**post).select_related("author").order_by("number"))


def tag_suggestions(prefix: str, limit: int = 8) -> list[str]:
    """Existing tags that start with what the person typed, most used first."""
    prefix = prefix.strip().lower()[:30]
    if not prefix:
        return []
    from django.db.models import Count

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


def posts_since(user, since: datetime) -> int:
    """How many questions, answers and replies this person wrote since then (for rate limits)."""
    return (
        Question.objects.filter(author=user, created_at__gte=since).count()
        + Answer.objects.filter(author=user, created_at__gte=since).count()
        + Reply.objects.filter(author=user, created_at__gte=since).count()
    )


def announcement() -> dict | None:
    """The site-wide banner (a pinned question announced until a time), cached: every page shows it."""
    cached = cache.get(ANNOUNCEMENT_KEY)
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
        cache.set(ANNOUNCEMENT_KEY, cached, ANNOUNCEMENT_CACHE_SECONDS)
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


def articles(user, *, category=None, tag=None):
    """Published articles this person may read, most recently reviewed first."""
    found = Article.objects.filter(status=Article.Status.PUBLISHED, category__audience__in=audiences(user))
    if category is not None:
        found = found.filter(category=category)
    if tag is not None:
        found = found.filter(tags=tag)
    return found.select_related("category").order_by("-updated_at", "-id")


def article_detail(user, pk: int):
    """An article this person may read (retired ones too: the view tells readers where to go), with its
    thread and the answer's author for the credit line; None when there is none."""
    from .models import Article

    return (
        Article.objects.select_related("category", "question", "answer__author")
        .defer("question__body", "question__body_html", "answer__body", "answer__body_html")
        .filter(pk=pk, category__audience__in=audiences(user))
        .first()
    )


def own_article_feedback(user, article) -> bool | None:
    """A member's own answer to 'Was this helpful?' (None: none yet, or signed out), to show it as chosen."""
    from .models import ArticleFeedback

    if not user.is_authenticated:
        return None
    return ArticleFeedback.objects.filter(article=article, user=user).values_list("helpful", flat=True).first()
