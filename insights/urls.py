from django.urls import path

from .views import dashboard
from .views import trends as trends_views
from .views import watch as watch_views

app_name = "insights"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("export/<slug:chart>.csv", dashboard.export, name="export"),
    path("watch/", watch_views.watch_index, name="watch"),
    path("watch/new/", watch_views.watch_create, name="watch-create"),
    path("watch/<int:pk>/", watch_views.watch_detail, name="watch-detail"),
    path("watch/<int:pk>/edit/", watch_views.watch_edit, name="watch-edit"),
    path("watch/<int:pk>/delete/", watch_views.watch_delete, name="watch-delete"),
    path("trends/", trends_views.trends, name="trends"),
]
