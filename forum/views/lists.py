from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from taggit.models import Tag

from community.http import whole_number
from community.page_cache import kept_for_readers

from .. import fragments, selectors
from ..models import Category
from ..permissions import open_for_new_threads


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
        context = {
            "listing": listing,
            "questions": listing.page.object_list,
            "query": query,
            "ask_url": _ask_url(filters.get("category"), filters.get("tag")),
        }
        return render_to_string("forum/_question_list.html", context, request=request)

    return fragments.cached(key, render_list)


def _ask_url(category: Category | None = None, tag: Tag | None = None) -> str:
    """Where "Ask a question" leads from a list: with its category (if anyone may start threads there) or tag."""
    query = QueryDict(mutable=True)
    if category is not None and category.thread_starters == Category.ThreadStarters.EVERYONE:
        query["category"] = category.slug
    if tag is not None:
        query["tags"] = tag.name
    return reverse("forum:ask") + (f"?{query.urlencode()}" if query else "")


def _categories_html(request: HttpRequest) -> str:
    key = fragments.list_key("categories", "+".join(selectors.audiences(request.user)))
    return fragments.cached(
        key,
        lambda: render_to_string(
            "forum/_category_list.html", {"categories": selectors.visible_categories(request.user)}, request=request
        ),
    )


@kept_for_readers
def home(request: HttpRequest) -> HttpResponse:
    """The question list, with the categories and their latest activity beside it."""
    context = {"list_html": _list_html(request, "all"), "categories_html": _categories_html(request)}
    return render(request, "forum/home.html", context)


@kept_for_readers
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        category = selectors.category(request.user, slug)
    except Category.DoesNotExist:
        raise Http404 from None
    ask_here = open_for_new_threads(request.user, category)
    context = {
        "category": category,
        "list_html": _list_html(request, f"category:{category.pk}", category=category),
        "ask_here": ask_here,
        # "Ask a question" carries the category along only where the person may start a thread.
        "ask_url": _ask_url(category if ask_here else None),
    }
    return render(request, "forum/category_detail.html", context)


@kept_for_readers
def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        tag = selectors.tag(slug)
    except Tag.DoesNotExist:
        raise Http404 from None
    context = {"tag": tag, "list_html": _list_html(request, f"tag:{tag.pk}", tag=tag), "ask_url": _ask_url(tag=tag)}
    return render(request, "forum/tag_detail.html", context)
