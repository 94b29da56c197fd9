from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "forum/home.html")


def knowledge_base(request: HttpRequest) -> HttpResponse:
    return render(request, "forum/knowledge_base.html")


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    return render(request, "forum/search.html", {"query": query})
