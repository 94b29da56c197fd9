from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from taggit.models import Tag

from community.http import whole_number

from .. import fragments, selectors
from ..models import Category


def _page_number(raw: str | None) -> int:
    return whole_number(raw, low=1, high=100_000) or 1


def _list_html(request: HttpRequest, scope: str, **filters) -> str:
    """The rows, tabs and pages of a question list, rendered once per version of the lists."""
    sort = request.GET.get("sort", "active")
    sort = sort if sort in selectors.SORTS else "active"
    state = request.GET.get("state", "")
    state = state if state in selectors.STATES else ""
    page = _page_number(request.GET.get("page"))
    audiences = "+".join(selectors.audiences(request.user))
    key = fragments.list_key(scope, audiences, sort, state, page)

    def render_list() -> str:
        listing = selectors.question_list(request.user, sort=sort, state=state, page=page, **filters)
        # Links in the fragment keep only what shapes the list, whatever else the address carried.
        query = QueryDict(mutable=True)
        query.update({name: value for name, value in (("sort", sort), ("state", state)) if value and value != "active"})
        context = {"listing": listing, "questions": listing.page.object_list, "query": query}
        return render_to_string("forum/_question_list.html", context, request=request)

    return fragments.cached(key, render_list)


def _categories_html(request: HttpRequest) -> str:
    key = fragments.list_key("categories", "+".join(selectors.audiences(request.user)))
    return fragments.cached(
        key,
        lambda: render_to_string(
            "forum/_category_list.html", {"categories": selectors.visible_categories(request.user)}, request=request
        ),
    )


def home(request: HttpRequest) -> HttpResponse:
    """The question list, with the categories and their latest activity beside it."""
    context = {"list_html": _list_html(request, "all"), "categories_html": _categories_html(request)}
    return render(request, "forum/home.html", context)


def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        category = selectors.category(request.user, slug)
    except Category.DoesNotExist:
        raise Http404 from None
    context = {"category": category, "list_html": _list_html(request, f"category:{category.pk}", category=category)}
    return render(request, "forum/category_detail.html", context)


def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        tag = selectors.tag(slug)
    except Tag.DoesNotExist:
        raise Http404 from None
    context = {"tag": tag, "list_html": _list_html(request, f"tag:{tag.pk}", tag=tag)}
    return render(request, "forum/tag_detail.html", context)
