from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/bell/", views.bell, name="bell"),
    path("notifications/read/", views.mark_read, name="mark-read"),
    path("notifications/<int:pk>/open/", views.notification_open, name="open"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("follow/<str:kind>/<int:pk>/", views.follow, name="follow"),
    path("settings/following/", views.following, name="following"),
    path("settings/notifications/", views.preferences, name="preferences"),
]
