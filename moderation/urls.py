from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("flag/<str:kind>/<int:pk>/", views.flag, name="flag"),
    path("review/", views.review_queue, name="queue"),
    path("review/<int:pk>/", views.handle, name="handle"),
]
