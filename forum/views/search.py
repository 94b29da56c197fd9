"""Search, suggestions in the header box, and similar questions while asking (with deflection counts)."""

import uuid
from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from community.http import whole_number

from .. import selectors
from ..models import AskSession, Category, SearchDocument
from ..search import query as search_query
from ..search import similar
from ..search.engine import rank

PAGE = 20


def _date(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def search(request: HttpRequest) -> HttpResponse:
    """The search page: filters by category, tag, solved and date; sorted by relevance, newest or votes."""
    categories = list(selectors.visible_categories(request.user))
    chosen = next((c for c in categories if c.slug == request.GET.get("category")), None)
    tag = selectors.tag_or_none(request.GET.get("tag", ""))
    solved = {"yes": True, "no": False}.get(request.GET.get("solved", ""))
    sort = request.GET.get("sort", "relevance")
    sort = sort if sort in {"relevance", "newest", "votes"} else "relevance"
    outcome = search_query.search(
        request.GET.get("q", ""),
        category_ids=[chosen.pk] if chosen else [c.pk for c in categories],
        tag_id=tag.pk if tag else None,
        solved=solved,
        since=_date(request.GET.get("from")),
        until=_date(request.GET.get("to")),
        sort=sort,
    )
    pages = max(1, -(-outcome.total // PAGE))
    number = min(whole_number(request.GET.get("page"), low=1) or 1, pages)
    shown = search_query.results_page(outcome, number, PAGE, category_ids={c.pk for c in categories})
    context = {
        "outcome": outcome,
        "query": outcome.query,
        "results": shown,
        "categories": categories,
        "chosen": chosen,
        "tag": tag,
        "solved": request.GET.get("solved", ""),
        "sort": sort,
        "page_number": number,
        "pages": pages,
        "date_from": request.GET.get("from", ""),
        "date_to": request.GET.get("to", ""),
    }
    return render(request, "forum/search.html", context)


def suggest(request: HttpRequest) -> HttpResponse:
    """Suggestions under the header search box as people type (htmx): articles and threads by title."""
    query, _ = search_query.clean(request.GET.get("q", ""))
    results = []
    if len(query) >= 3:
        categories = [c.pk for c in selectors.visible_categories(request.user)]
        hits = rank(query, limit=6, category_ids=categories)
        results = search_query.results_of([hit.document_id for hit in hits], category_ids=set(categories))
    return render(request, "forum/_suggestions.html", {"results": results, "query": query})


def ask_similar(request: HttpRequest) -> HttpResponse:
    """Similar solved questions and articles under the title while asking (htmx, debounced)."""
    title = request.GET.get("title", "")
    categories = [c.pk for c in selectors.visible_categories(request.user)]
    found = similar.suggestions(
        title, request.GET.get("body", ""), language=request.GET.get("language"), category_ids=categories
    )
    session = _ask_session(request.GET.get("ask_session"))
    if session is not None and found:
        AskSession.objects.filter(pk=session.pk).update(shown=session.shown + len(found))
    return render(request, "forum/_similar.html", {"suggestions": found, "ask_session": session})


def ask_similar_open(request: HttpRequest, document_id: int) -> HttpResponse:
    """A suggestion clicked from the ask page: counted as a possible deflection, then opened."""
    document = SearchDocument.objects.filter(pk=document_id).first()
    if document is None:
        raise Http404
    session = _ask_session(request.GET.get("ask_session"))
    if session is not None and session.clicked_id is None:
        AskSession.objects.filter(pk=session.pk).update(clicked=document, clicked_at=timezone.now())
    found = similar._urls([document])
    url = found.get((document.kind, document.object_id))
    if url is None or not request.user.has_perm("forum.view_category", Category.objects.get(pk=document.category_id)):
        raise Http404
    return redirect(url)


def _ask_session(raw: str | None) -> AskSession | None:
    try:
        key = uuid.UUID(raw or "")
    except ValueError:
        return None
    return AskSession.objects.filter(key=key).first()


def start_ask_session(user) -> AskSession:
    return AskSession.objects.create(key=uuid.uuid4(), user=user if user.is_authenticated else None)
