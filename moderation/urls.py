from django.urls import path

from . import views, views_suspensions

app_name = "moderation"

urlpatterns = [
    path("flag/<str:kind>/<int:pk>/", views.flag, name="flag"),
    path("review/", views.review_queue, name="queue"),
    path("review/<int:pk>/", views.handle, name="handle"),
    path("people/<str:handle>/suspend/", views_suspensions.suspend, name="suspend"),
    path("people/<str:handle>/lift/", views_suspensions.lift, name="lift"),
]
