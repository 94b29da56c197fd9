"""What the JSON API reads: public threads and articles (what a signed-out reader sees), ticket links, deliveries.

An integration is no person: it sees what the public sees, whatever the token. Each read is shaped so its
number of queries does not grow with the rows.
"""

from dataclasses import dataclass

from django.db.models import QuerySet

from forum import fragments
from forum.models import Answer, Article, Category, Question, SearchDocument
from forum.search import engine
from forum.search import query as search_query

from ..models import Helpdesk, Ticket, TicketLink, WebhookDelivery

RANKED = 200  # documents ranked per query; pages are cut from them


def public_questions() -> QuerySet[Question]:
    """Questions a signed-out reader may open: in a category for everyone, and not deleted, held or hidden."""
    return Question.objects.filter(category__audience=Category.Audience.EVERYONE, deleted_at__isnull=True, removal="")


def public_articles() -> QuerySet[Article]:
    return Article.objects.filter(status=Article.Status.PUBLISHED, category__audience=Category.Audience.EVERYONE)


@dataclass
class Found:
    kind: str
    id: int
    thread_id: int | None
    title: str
    url: str
    excerpt: str
    language: str
    category: str
    solved: bool
    answer_count: int


def search(q: str, *, language: str | None, limit: int, offset: int) -> tuple[int, list[Found]]:
    """(how many found, the page) of public threads and knowledge-base articles for a query, best first.

    The ranking is the search page's (BM25 and title similarity, a thread once, shown as its article where
    it has one) and is kept until the index changes; what a page shows is read again, so a thread hidden
    since the ranking was kept never appears.
    """
    query, _ = search_query.clean(q)
    if not query:
        return 0, []
    category_ids = sorted(Category.objects.filter(audience=Category.Audience.EVERYONE).values_list("pk", flat=True))
    if not category_ids:
        return 0, []

    def rank() -> list[int]:
        hits = engine.rank(query, language=language, limit=RANKED, category_ids=category_ids, live=True)
        return [hit.document_id for hit in hits if hit.score > engine.TITLE_SIMILARITY * 0.3]

    ids = fragments.cached(fragments.search_key("api", query, language or "", category_ids), rank)
    if not ids:
        return 0, []
    documents = SearchDocument.objects.filter(pk__in=ids).only("id", "kind", "object_id", "language")
    if language:
        documents = documents.filter(language=language)
    by_id = {document.pk: document for document in documents}
    ranked = [by_id[pk] for pk in ids if pk in by_id]
    page = ranked[offset : offset + limit]
    question_ids = [d.object_id for d in page if d.kind == SearchDocument.Kind.QUESTION]
    article_ids = [d.object_id for d in page if d.kind == SearchDocument.Kind.ARTICLE]
    fields = ("id", "title", "language", "category__name")
    questions = (
        public_questions()
        .select_related("category")
        .only(*fields, "excerpt", "is_solved", "answer_count", "category__name_en", "category__name_de")
        .in_bulk(question_ids)
        if question_ids
        else {}
    )
    articles = (
        public_articles()
        .select_related("category")
        .only(*fields, "summary_html", "question_id", "category__name_en", "category__name_de")
        .in_bulk(article_ids)
        if article_ids
        else {}
    )
    found = []
    for document in page:
        if document.kind == SearchDocument.Kind.QUESTION and document.object_id in questions:
            question = questions[document.object_id]
            found.append(
                Found(
                    kind="question",
                    id=question.pk,
                    thread_id=question.pk,
                    title=question.title,
                    url=question.get_absolute_url(),
                    excerpt=question.excerpt,
                    language=question.language,
                    category=question.category.name,
                    solved=question.is_solved,
                    answer_count=question.answer_count,
                )
            )
        elif document.kind == SearchDocument.Kind.ARTICLE and document.object_id in articles:
            article = articles[document.object_id]
            found.append(
                Found(
                    kind="article",
                    id=article.pk,
                    thread_id=article.question_id,
                    title=article.title,
                    url=article.get_absolute_url(),
                    excerpt=search_query.plain_text(article.summary_html, limit=300),
                    language=article.language,
                    category=article.category.name,
                    solved=True,
                    answer_count=0,
                )
            )
    return len(ranked), found


def public_thread(pk: int) -> Question | None:
    """A public question with its tags, its public answers (accepted first, then by votes) and its article."""
    question = (
        public_questions()
        .select_related("category", "author", "article")
        .defer("author__password", "article__summary", "article__summary_html")
        .filter(pk=pk)
        .first()
    )
    if question is None:
        return None
    question.tag_names = sorted(question.tags.values_list("name", flat=True))
    question.public_answers = list(
        Answer.objects.filter(question=question, deleted_at__isnull=True, removal="")
        .select_related("author")
        .defer("author__password")
        .order_by("-is_accepted", "-score", "created_at", "id")
    )
    for answer in question.public_answers:
        answer.question = question  # for its address, without a query each
    article = getattr(question, "article", None)
    question.public_article = article if article is not None and article.is_published else None
    return question


def ticket(helpdesk: Helpdesk, external_id: str) -> Ticket | None:
    return Ticket.objects.select_related("helpdesk").filter(helpdesk=helpdesk, external_id=external_id).first()


def ticket_links(ticket: Ticket | None) -> list[TicketLink]:
    """The ticket's links to public threads, oldest first, each with its thread (one query)."""
    if ticket is None:
        return []
    return list(
        TicketLink.objects.filter(ticket=ticket, question__in=public_questions())
        .select_related("question")
        .only(
            "id",
            "via",
            "created_at",
            "ticket_id",
            "question__id",
            "question__title",
            "question__is_solved",
            "question__answer_count",
        )
        .order_by("created_at", "id")
    )


def deliveries(*, status: str | None = None, event: str | None = None) -> QuerySet[WebhookDelivery]:
    """The webhook delivery log, newest first, with each delivery's endpoint."""
    found = WebhookDelivery.objects.select_related("endpoint").defer("payload", "endpoint__secret")
    if status:
        found = found.filter(status=status)
    if event:
        found = found.filter(event=event)
    return found.order_by("-created_at", "-id")
