"""Every read an idea page needs, shaped so the number of queries does not grow with votes or comments.

Budgets (besides the session, the person and their roles): the list 4 queries (+1 for your votes; 0
when signed-out readers share a cached rendering), the idea page 8 plus one per author-marks provider
(+1 for your vote), the roadmap 3, the similar-ideas box 1, a thread's panel 1 (cached).
"""

import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone
from taggit.models import Tag

from forum import panels as forum_panels
from forum.kernel.models import Removal
from forum.selectors import audiences

from . import fragments
from .models import Idea, IdeaComment, IdeaThreadLink, IdeaVote, ProductArea, StatusChange

PAGE_SIZE = 20
VOTERS_PAGE_SIZE = 100
SORTS = ("top", "trending", "newest")
TRENDING_DAYS = 14
ROADMAP_DONE_DAYS = 90
WITHHELD = (Removal.HELD, Removal.HIDDEN)
ROADMAP_COLUMN = 30
SIMILAR_LIMIT = 5
CHART_WEEKS, CHART_HEIGHT = 12, 40
ROADMAP_STATUSES = (Idea.Status.PLANNED, Idea.Status.IN_PROGRESS, Idea.Status.DONE)

# Words too common to make two ideas similar (German and English); the search itself keeps them.
_COMMON_WORDS = (
    "the and for with that this from have has can not you your our are was were but all any into when what how",
    "would could should please like more some also there their them they will about add able want need make",
    "der die das und oder für mit von den dem des ein eine einen einem einer ist sind nicht auch wie was wenn",
    "bitte kann können könnte sollte wäre gibt bei auf aus zum zur ich wir sie man noch nur dass als mehr",
)
STOP_WORDS = frozenset(" ".join(_COMMON_WORDS).split())
_WORD = re.compile(r"\w+", re.UNICODE)


def _card_queryset() -> QuerySet[Idea]:
    """Ideas as cards show them: author, area and the latest official response in the same query."""
    return (
        Idea.objects.filter(merged_into__isnull=True, deleted_at__isnull=True)
        .select_related("author", "area", "latest_response", "latest_response__by")
        .defer("body", "body_html", "search_vector", "latest_response__response")
    )


def _words(text: str, limit: int = 8) -> list[str]:
    return [word.lower() for word in _WORD.findall((text or "")[:300])][:limit]


def _search_query(words: list[str], operator: str, weights: str = "") -> SearchQuery | None:
    """A prefix query ("invoi" finds "invoices") from plain words only, so nothing typed is query syntax.

    `weights="A"` looks in titles only.
    """
    terms = [f"{word}:*{weights}" for word in words if word.replace("_", "")]
    return SearchQuery(f" {operator} ".join(terms), config="simple", search_type="raw") if terms else None


def search(queryset: QuerySet[Idea], text: str) -> QuerySet[Idea]:
    """Ideas with every word of `text` (title and description, index-backed), or a title like it (typos)."""
    text = (text or "").replace("\x00", "").strip()[:200]
    query = _search_query(_words(text), "&")
    if query is None:
        return queryset.none()
    return (
        queryset.filter(Q(search_vector=query) | Q(title__trigram_word_similar=text))
        .annotate(rank=SearchRank(F("search_vector"), query) + TrigramWordSimilarity(text, "title"))
        .order_by("-rank", "-vote_count", "-id")
    )


def similar_ideas(text: str, *, exclude: int | None = None, limit: int = SIMILAR_LIMIT) -> list[Idea]:
    """Ideas like a title being typed (one query): a telling word in their title, all of them anywhere,
    or a title close to it (typos)."""
    text = (text or "").replace("\x00", "").strip()[:200]
    words = [word for word in _words(text, 12) if len(word) > 2 and word not in STOP_WORDS]
    in_title, everywhere = _search_query(words, "|", weights="A"), _search_query(words, "&")
    if in_title is None:
        return []
    ideas = (
        Idea.objects.filter(merged_into__isnull=True, deleted_at__isnull=True)
        .filter(Q(search_vector=in_title) | Q(search_vector=everywhere) | Q(title__trigram_word_similar=text))
        .annotate(rank=SearchRank(F("search_vector"), in_title) + TrigramWordSimilarity(text, "title"))
        .only("id", "title", "status", "vote_count")
        .order_by("-rank", "-vote_count", "-id")
    )
    if exclude:
        ideas = ideas.exclude(pk=exclude)
    return list(ideas[:limit])


@dataclass
class IdeaList:
    page: object
    sort: str
    status: str = ""
    area: ProductArea | None = None
    tag: Tag | None = None
    query: str = ""
    total: int = 0
    areas: list[ProductArea] = field(default_factory=list)
    mine: set[int] = field(default_factory=set)  # ideas on this page the reader voted for


def _page(queryset, page):
    paginator = Paginator(queryset, PAGE_SIZE)
    try:
        return paginator.page(page or 1), paginator.count
    except PageNotAnInteger:
        return paginator.page(1), paginator.count
    except EmptyPage:
        return paginator.page(paginator.num_pages), paginator.count


def idea_list(
    user,
    *,
    sort: str = "top",
    status: str = "",
    area: ProductArea | None = None,
    tag: Tag | None = None,
    query: str = "",
    page=1,
) -> IdeaList:
    """One page of ideas: top (most votes), trending (votes in the last 14 days) or newest; filtered, or found."""
    status = status if status in Idea.Status.values else ""
    ideas = _card_queryset().prefetch_related("tags")
    if status:
        ideas = ideas.filter(status=status)
    if area is not None:
        ideas = ideas.filter(area=area)
    if tag is not None:
        ideas = ideas.filter(tags=tag)
    if query:
        sort = "relevance"
        ideas = search(ideas, query)
    elif sort == "trending":
        since = timezone.now() - timedelta(days=TRENDING_DAYS)
        # Filtering before annotating joins only the recent votes (an index on their time), then counts them.
        ideas = (
            ideas.filter(votes__created_at__gte=since)
            .annotate(recent_votes=Count("votes"))
            .order_by("-recent_votes", "-vote_count", "-created_at", "-id")
        )
    elif sort == "newest":
        ideas = ideas.order_by("-created_at", "-id")
    else:
        sort = "top"
        ideas = ideas.order_by("-vote_count", "-created_at", "-id")
    current, total = _page(ideas, page)
    listing = IdeaList(
        page=current, sort=sort, status=status, area=area, tag=tag, query=query, total=total, areas=product_areas()
    )
    listing.mine = my_votes(user, [idea.pk for idea in current.object_list])
    return listing


def new_idea_count() -> int:
    """Ideas nobody on the team has looked at yet (the staff menu's count; one query)."""
    return Idea.objects.filter(merged_into__isnull=True, deleted_at__isnull=True, status=Idea.Status.NEW).count()


def product_areas() -> list[ProductArea]:
    return list(ProductArea.objects.all())


def vote_widgets(idea_ids) -> list[Idea]:
    """What a vote button needs of these ideas, in the given order (one query)."""
    found = Idea.objects.only("pk", "title", "vote_count", "author_id", "merged_into_id").in_bulk(list(idea_ids))
    return [found[pk] for pk in idea_ids if pk in found]


def my_votes(user, idea_ids) -> set[int]:
    """Which of these ideas the person voted for (one query; none when signed out or nothing to ask)."""
    if not user.is_authenticated or not idea_ids:
        return set()
    return set(IdeaVote.objects.filter(user=user, idea_id__in=list(idea_ids)).values_list("idea_id", flat=True))


def idea_detail_head(pk: int) -> Idea | None:
    """The idea as its page shows it (one query): enough to redirect a merged idea; None if missing."""
    return (
        Idea.objects.select_related(
            "author", "area", "merged_into", "edited_by", "created_by", "latest_response", "latest_response__by"
        )
        .defer("search_vector", "merged_into__body", "merged_into__body_html", "merged_into__search_vector")
        .filter(pk=pk)
        .first()
    )


@dataclass
class IdeaPage:
    """Everything the idea page shows around its comments (idea_comments), in a fixed number of queries."""

    idea: Idea
    tags: list[Tag]
    history: list[StatusChange]
    threads: list
    merged: list[Idea]
    # Ranks and marks (super user, staff) beside names, from the apps that know them (forum.panels).
    author_marks: dict[int, dict] = field(default_factory=dict)
    voted: bool = False
    vote_weeks: list[dict] = field(default_factory=list)


@dataclass
class CommentsPage:
    """An idea's comments, top comments each with `.replies`, and the marks beside their authors' names."""

    comments: list[IdeaComment]
    author_marks: dict[int, dict]


def idea_comments(idea: Idea) -> CommentsPage:
    """The comments of an idea in conversations, with their authors' marks (two queries)."""
    # Held and hidden comments are in no shared rendering: their authors see them apart (`my_withheld_comments`).
    comments = list(
        idea.comments.exclude(removal__in=WITHHELD)
        .select_related("author", "parent__author")
        .order_by("created_at", "id")
    )
    top, by_root = [], {}
    for comment in comments:
        comment.idea = idea  # saves a query per comment in permission checks
        comment.replies = []
        if comment.root_id is None:
            top.append(comment)
        else:
            by_root.setdefault(comment.root_id, []).append(comment)
    for comment in top:
        comment.replies = by_root.pop(comment.pk, [])
    for orphans in by_root.values():  # a root removed outside the services: keep its replies readable
        top.extend(orphans)
    authors = {comment.author_id for comment in comments}
    return CommentsPage(comments=top, author_marks=forum_panels.author_marks(authors))


def my_withheld_comments(user, idea: Idea) -> list[IdeaComment]:
    """This person's held or hidden comments on the idea, shown to them alone (one query; none signed out)."""
    if not user.is_authenticated:
        return []
    found = list(IdeaComment.objects.filter(idea=idea, author=user, removal__in=WITHHELD).order_by("created_at"))
    for comment in found:
        comment.idea = idea
    return found


def idea_page(user, idea: Idea) -> IdeaPage:
    """What the idea page shows around the idea and its comments: tags, history, threads, merges, my vote."""
    tags = list(idea.tags.only("id", "name", "slug"))
    history = list(idea.status_changes.select_related("by"))
    threads = list(
        IdeaThreadLink.objects.filter(
            idea=idea, question__deleted_at__isnull=True, question__category__audience__in=audiences(user)
        )
        .select_related("question")
        .only("id", "question", "question__id", "question__title", "question__is_solved", "question__answer_count")
        .order_by("created_at")
    )
    merged = list(
        idea.merged_ideas.filter(deleted_at__isnull=True).only(
            "id", "title", "comment_count", "merged_at", "merged_into_id"
        )
    )
    people = {idea.author_id, *(h.by_id for h in history)}
    return IdeaPage(
        idea=idea,
        tags=tags,
        history=history,
        threads=threads,
        merged=merged,
        author_marks=forum_panels.author_marks(people),
        voted=bool(my_votes(user, [idea.pk])),
        vote_weeks=vote_weeks(idea) if idea.vote_count else [],
    )


def vote_weeks(idea: Idea, weeks: int = CHART_WEEKS) -> list[dict]:
    """Votes per week over the last weeks, oldest first, with bar heights for the chart (one query)."""
    this_week = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    first = this_week - timedelta(weeks=weeks - 1)
    counts = {
        row["week"].date() if hasattr(row["week"], "date") else row["week"]: row["votes"]
        for row in IdeaVote.objects.filter(idea=idea, created_at__date__gte=first)
        .annotate(week=TruncWeek("created_at"))
        .values("week")
        .annotate(votes=Count("id"))
    }
    rows = [(first + timedelta(weeks=n), counts.get(first + timedelta(weeks=n), 0)) for n in range(weeks)]
    most = max((votes for _week, votes in rows), default=0) or 1
    heights = [max(round(CHART_HEIGHT * votes / most), 1 if votes else 0) for _week, votes in rows]
    return [
        {"week": week, "votes": votes, "x": n * 10 + 1, "y": CHART_HEIGHT - height, "height": height}
        for n, ((week, votes), height) in enumerate(zip(rows, heights, strict=True))
    ]


def idea_for_update(pk: int) -> Idea:
    return Idea.objects.select_related("author", "area").defer("search_vector").get(pk=pk)


def comment_for_update(pk: int) -> IdeaComment:
    return IdeaComment.objects.select_related("idea", "author").get(pk=pk)


def idea_or_none(pk: int | None) -> Idea | None:
    """The idea with this number (merged ones too: merging refuses them with the reason), or None."""
    return Idea.objects.filter(pk=pk).first() if pk else None


def comment_on(idea: Idea, pk: int) -> IdeaComment | None:
    """A comment of this idea, to reply to; None when it is not there (or not this idea's)."""
    return IdeaComment.objects.filter(pk=pk, idea=idea).first()


def linked_question(idea: Idea, question_pk: int):
    """The forum thread linked to this idea under this number, or None."""
    link = IdeaThreadLink.objects.select_related("question").filter(idea=idea, question_id=question_pk).first()
    return link.question if link else None


def voters(idea: Idea, page=1):
    """Who voted for the idea, first votes first (moderators see this)."""
    votes = IdeaVote.objects.filter(idea=idea).select_related("user", "moved_from").order_by("created_at", "id")
    return Paginator(votes, VOTERS_PAGE_SIZE).get_page(page)


def roadmap() -> dict[str, list[Idea]]:
    """Planned and in progress by votes, done by when (the last 90 days): one query per column."""
    columns = {}
    for status in ROADMAP_STATUSES:
        ideas = _card_queryset().filter(status=status)
        if status == Idea.Status.DONE:
            since = timezone.now() - timedelta(days=ROADMAP_DONE_DAYS)
            ideas = ideas.filter(status_changed_at__gte=since).order_by("-status_changed_at", "-id")
        else:
            ideas = ideas.order_by("-vote_count", "-created_at", "-id")
        columns[status] = list(ideas[:ROADMAP_COLUMN])
    return columns


def linked_ideas(question_id: int) -> list[dict]:
    """The ideas linked to a forum thread, for its side panel: cached, so the thread page pays no query."""
    key = fragments.linked_key(question_id)
    cached = fragments.get(key)
    if cached is None:
        links = (
            IdeaThreadLink.objects.filter(
                question_id=question_id, idea__merged_into__isnull=True, idea__deleted_at__isnull=True
            )
            .select_related("idea")
            .only("id", "idea", "idea__id", "idea__title", "idea__status", "idea__vote_count")
            .order_by("-idea__vote_count", "idea__id")
        )
        cached = [
            {
                "url": link.idea.get_absolute_url(),
                "title": link.idea.title,
                "status": link.idea.status,
                "votes": link.idea.vote_count,
            }
            for link in links
        ]
        fragments.keep(key, cached, fragments.PANEL_SECONDS)
    return cached


def tag(slug: str) -> Tag | None:
    return Tag.objects.filter(slug=slug).first()


def area(slug: str) -> ProductArea | None:
    return ProductArea.objects.filter(slug=slug).first() if slug else None
