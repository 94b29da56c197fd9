from django.urls import path
from django.views.generic import RedirectView

from . import audit_views, views, views_suspensions

app_name = "moderation"

urlpatterns = [
    path("", views.review_queue, name="queue"),
    path("review/", RedirectView.as_view(pattern_name="moderation:queue", permanent=True)),
    path("review/<int:pk>/", views.handle, name="handle"),
    path("people/<str:handle>/suspend/", views_suspensions.suspend, name="suspend"),
    path("people/<str:handle>/lift/", views_suspensions.lift, name="lift"),
    path("audit/", audit_views.audit_log, name="audit"),
    path("audit/export.csv", audit_views.audit_export, name="audit-export"),
    path("flag/<str:kind>/<int:pk>/", views.flag, name="flag"),
    path("posts/<str:kind>/<int:pk>/", views.decide, name="decide"),
    path("posts/<str:kind>/<int:pk>/warn/", views.warn, name="warn"),
    path("bulk/", views.bulk, name="bulk"),
]
