from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from taggit.models import Tag

from .. import selectors
from ..models import Category


def _list_context(request: HttpRequest, **filters) -> dict:
    listing = selectors.question_list(
        request.user,
        sort=request.GET.get("sort", "active"),
        state=request.GET.get("state", ""),
        page=request.GET.get("page"),
        **filters,
    )
    return {"listing": listing, "questions": listing.page.object_list}


def home(request: HttpRequest) -> HttpResponse:
    """The question list, with the categories and their latest activity beside it."""
    context = _list_context(request)
    context["categories"] = selectors.visible_categories(request.user)
    return render(request, "forum/home.html", context)


def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        category = selectors.category(request.user, slug)
    except Category.DoesNotExist:
        raise Http404 from None
    context = _list_context(request, category=category)
    context["category"] = category
    return render(request, "forum/category_detail.html", context)


def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        tag = selectors.tag(slug)
    except Tag.DoesNotExist:
        raise Http404 from None
    context = _list_context(request, tag=tag)
    context["tag"] = tag
    return render(request, "forum/tag_detail.html", context)


def knowledge_base(request: HttpRequest) -> HttpResponse:
    return render(request, "forum/knowledge_base.html")


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    context = {"query": query, "questions": []}
    if query:
        listing = selectors.question_search(request.user, query, page=request.GET.get("page"))
        context.update(listing=listing, questions=listing.page.object_list)
    return render(request, "forum/search.html", context)
