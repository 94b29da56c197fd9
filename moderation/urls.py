from django.urls import path

from . import audit_views, views

app_name = "moderation"

urlpatterns = [
    path("flag/<str:kind>/<int:pk>/", views.flag, name="flag"),
    path("review/", views.review_queue, name="queue"),
    path("review/<int:pk>/", views.handle, name="handle"),
    path("audit/", audit_views.audit_log, name="audit"),
    path("audit/export.csv", audit_views.audit_export, name="audit-export"),
]
