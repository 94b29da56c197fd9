from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "moderation"

urlpatterns = [
    path("", views.review_queue, name="queue"),
    path("review/", RedirectView.as_view(pattern_name="moderation:queue", permanent=True)),
    path("review/<int:pk>/", views.handle, name="handle"),
    path("flag/<str:kind>/<int:pk>/", views.flag, name="flag"),
    path("posts/<str:kind>/<int:pk>/", views.decide, name="decide"),
    path("posts/<str:kind>/<int:pk>/warn/", views.warn, name="warn"),
    path("bulk/", views.bulk, name="bulk"),
]
