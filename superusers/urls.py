from django.urls import path

from . import views

app_name = "superusers"

urlpatterns = [
    path("leaderboard/", views.leaderboard, name="leaderboard"),
]
