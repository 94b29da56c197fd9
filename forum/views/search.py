"""Search, suggestions in the header box, and similar questions while asking (with deflection counts)."""

import uuid
from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from community.http import whole_number

from .. import selectors, services
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


@require_http_methods(["GET", "POST"])
def ask_similar(request: HttpRequest) -> HttpResponse:
    """Similar solved questions and articles under the title while asking (htmx, debounced).

    The ask page posts (its title box takes the form along), so the suggestions shown count for the
    visit's figures; a GET shows the same and counts nothing.
    """
    data = request.POST if request.method == "POST" else request.GET
    categories = [c.pk for c in selectors.visible_categories(request.user)]
    found = similar.suggestions(
        data.get("title", ""), data.get("body", ""), language=data.get("language"), category_ids=categories
    )
    if request.method == "POST":
        services.record_suggestions_shown(
            key=ask_session_key(data.get("ask_session")), by=request.user, shown=len(found)
        )
    return render(request, "forum/_similar.html", {"suggestions": found})


@require_http_methods(["GET", "POST"])
def ask_similar_open(request: HttpRequest, document_id: int) -> HttpResponse:
    """A suggestion from the ask page: a GET opens it; the page also posts the click, which counts it as a
    possible deflection for the visit (htmx: nothing else; a plain post: opened as well)."""
    url = selectors.suggestion_url(request.user, document_id)
    if url is None:
        raise Http404
    if request.method == "POST":
        key = ask_session_key(request.POST.get("ask_session"))
        services.record_suggestion_opened(key=key, by=request.user, document_id=document_id)
        if request.htmx:
            return HttpResponse(status=204)
    return redirect(url)


def ask_session_key(raw) -> uuid.UUID | None:
    """The key of an ask page's visit, as the page sent it back; None when it is not one."""
    try:
        return uuid.UUID(str(raw or ""))
    except ValueError:
        return None
