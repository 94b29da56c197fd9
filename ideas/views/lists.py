import hashlib

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string

from .. import fragments, selectors
from ..models import Idea


def _page_number(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() and 0 < int(raw) <= 100_000 else 1


def _list_html(request: HttpRequest) -> str:
    """Filters, tabs, cards and pages; rendered once per version of the board for signed-out readers."""
    sort = request.GET.get("sort", "top")
    sort = sort if sort in selectors.SORTS else "top"
    query = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    status = request.GET.get("status", "")
    status = status if status in Idea.Status.values else ""
    area_slug, tag_slug = request.GET.get("area", "")[:60], request.GET.get("tag", "")[:100]
    page = _page_number(request.GET.get("page"))

    def render_list() -> str:
        area = selectors.area(area_slug)
        tag = selectors.tag(tag_slug) if tag_slug else None
        listing = selectors.idea_list(
            request.user, sort=sort, status=status, area=area, tag=tag, query=query, page=page
        )
        # Links keep only what shapes the list, whatever else the address carried.
        kept = QueryDict(mutable=True)
        for name, value in (
            ("q", query),
            ("sort", "" if listing.sort in ("top", "relevance") else listing.sort),
            ("status", listing.status),
            ("area", area.slug if area else ""),
            ("tag", tag.slug if tag else ""),
        ):
            if value:
                kept[name] = value
        context = {
            "listing": listing,
            "ideas": listing.page.object_list,
            "query": kept,
            "status_choices": Idea.Status.choices,
        }
        return render_to_string("ideas/_idea_list.html", context, request=request)

    if request.user.is_authenticated:  # their own votes show on the cards
        return render_list()
    shape = hashlib.sha256(f"{sort}|{query}|{status}|{area_slug}|{tag_slug}|{page}".encode()).hexdigest()[:24]
    return fragments.cached(fragments.list_key("list", shape), render_list)


def idea_list(request: HttpRequest) -> HttpResponse:
    """Ideas by votes, trending or newest; by status, product area or tag; or found by words."""
    return render(request, "ideas/idea_list.html", {"list_html": _list_html(request)})


def roadmap(request: HttpRequest) -> HttpResponse:
    """What the team plans, builds and recently finished, with the votes and their latest answer."""

    def render_columns() -> str:
        return render_to_string("ideas/_roadmap.html", {"columns": selectors.roadmap()}, request=request)

    if request.user.is_authenticated:
        html = render_columns()
    else:
        html = fragments.cached(fragments.list_key("roadmap"), render_columns)
    return render(request, "ideas/roadmap.html", {"roadmap_html": html})


def similar(request: HttpRequest) -> HttpResponse:
    """Ideas like the title being typed (htmx, debounced), so people vote instead of posting twice."""
    title = request.GET.get("title", "")[:200]
    exclude = request.GET.get("exclude", "")
    ideas = selectors.similar_ideas(title, exclude=int(exclude) if exclude.isdigit() and len(exclude) < 12 else None)
    return render(request, "ideas/_similar.html", {"ideas": ideas, "typed": len(title.strip()) >= 5})
