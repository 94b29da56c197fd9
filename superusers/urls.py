from django.urls import path

from . import views

app_name = "superusers"

urlpatterns = [
    path("leaderboard/", views.leaderboard, name="leaderboard"),
    path("badges/", views.badges, name="badges"),
    path("badges/<str:code>/", views.badge_detail, name="badge-detail"),
    path("super-users/candidates/", views.candidates, name="candidates"),
    path("super-users/candidates/rank/", views.candidates_rank, name="candidates-rank"),
    path("super-users/<int:pk>/promote/", views.promote, name="promote"),
    path("super-users/<int:pk>/demote/", views.demote, name="demote"),
    path("super-users/voting/", views.voting, name="voting"),
]
