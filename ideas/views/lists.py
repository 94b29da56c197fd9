import hashlib
import re

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from community.http import whole_number
from community.page_cache import kept_for_readers

from .. import fragments, selectors
from ..models import Idea


def _page_number(raw: str | None) -> int:
    return whole_number(raw, low=1, high=100_000) or 1


VOTE_HOLE = re.compile(r"<!--idea-vote:(\d+)-->")
VOTE_END = "<!--/idea-vote-->"


def _list_html(request: HttpRequest) -> str:
    """Filters, tabs, cards and pages; rendered once per version of the board and kept in the cache.

    Signed-out readers get it as it is. For signed-in readers the kept copy has a hole where each card's
    vote button goes, filled for the person (their votes, their own ideas) with one query and one small
    rendering, so their list is as cheap as everyone else's.
    """
    sort = request.GET.get("sort", "top")
    sort = sort if sort in selectors.SORTS else "top"
    query = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    status = request.GET.get("status", "")
    status = status if status in Idea.Status.values else ""
    area_slug, tag_slug = request.GET.get("area", "")[:60], request.GET.get("tag", "")[:100]
    page = _page_number(request.GET.get("page"))

    def render_list(holes: bool) -> str:
        area = selectors.area(area_slug)
        tag = selectors.tag(tag_slug) if tag_slug else None
        listing = selectors.idea_list(
            AnonymousUser(), sort=sort, status=status, area=area, tag=tag, query=query, page=page
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
            "vote_holes": holes,
        }
        return render_to_string("ideas/_idea_list.html", context, request=request)

    shape = hashlib.sha256(f"{sort}|{query}|{status}|{area_slug}|{tag_slug}|{page}".encode()).hexdigest()[:24]
    if not request.user.is_authenticated:
        return fragments.cached(fragments.list_key("list", shape), lambda: render_list(False))
    return _fill_votes(request, fragments.cached(fragments.list_key("list-holes", shape), lambda: render_list(True)))


def _fill_votes(request: HttpRequest, html: str) -> str:
    ids = [int(pk) for pk in VOTE_HOLE.findall(html)]
    if not ids:
        return html
    ideas = selectors.vote_widgets(ids)
    mine = selectors.my_votes(request.user, ids)
    for idea in ideas:
        idea.voted = idea.pk in mine
    rendered = render_to_string("ideas/_votes_fill.html", {"ideas": ideas}, request=request).split(VOTE_END)
    widgets = {idea.pk: widget for idea, widget in zip(ideas, rendered, strict=False)}
    # Both parts are rendered templates (escaped where they needed it): the joined page is as safe.
    return mark_safe(VOTE_HOLE.sub(lambda match: widgets.get(int(match.group(1)), ""), html))  # nosec B308, B703  # both parts are rendered, escaped templates


@kept_for_readers
def idea_list(request: HttpRequest) -> HttpResponse:
    """Ideas by votes, trending or newest; by status, product area or tag; or found by words."""
    return render(request, "ideas/idea_list.html", {"list_html": _list_html(request)})


@kept_for_readers
def roadmap(request: HttpRequest) -> HttpResponse:
    """What the team plans, builds and recently finished, with the votes and their latest answer."""

    def render_columns() -> str:
        return render_to_string("ideas/_roadmap.html", {"columns": selectors.roadmap()}, request=request)

    # Nothing on it depends on who reads it (cards show counts, not buttons): one copy for everyone.
    html = fragments.cached(fragments.list_key("roadmap"), render_columns)
    return render(request, "ideas/roadmap.html", {"roadmap_html": html})


def similar(request: HttpRequest) -> HttpResponse:
    """Ideas like the title being typed (htmx, debounced), so people vote instead of posting twice."""
    title = request.GET.get("title", "")[:200]
    exclude = request.GET.get("exclude", "")
    ideas = selectors.similar_ideas(title, exclude=whole_number(exclude))
    return render(request, "ideas/_similar.html", {"ideas": ideas, "typed": len(title.strip()) >= 5})
