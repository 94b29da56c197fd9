from django.urls import path

from .views import dashboard

app_name = "insights"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("export/<slug:chart>.csv", dashboard.export, name="export"),
]
