from django.urls import path

from . import views

app_name = "forum"

urlpatterns = [
    path("", views.home, name="home"),
    path("knowledge-base/", views.knowledge_base, name="knowledge-base"),
    path("search/", views.search, name="search"),
]
