from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def idea_list(request: HttpRequest) -> HttpResponse:
    return render(request, "ideas/idea_list.html")
