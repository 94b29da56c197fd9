from django.urls import path

from . import views
from .privacy import views as privacy

app_name = "accounts"

urlpatterns = [
    path("settings/", views.settings_view, name="settings"),
    path("settings/privacy/", privacy.privacy, name="privacy"),
    path("settings/privacy/export/", privacy.export_request, name="privacy-export"),
    path("settings/privacy/export/status/", privacy.export_status, name="privacy-export-status"),
    path("settings/privacy/download/<str:token>/", privacy.export_download, name="privacy-export-download"),
    path("settings/delete/", privacy.account_delete, name="account-delete"),
    path("goodbye/", privacy.account_deleted, name="account-deleted"),
    path("people/<str:handle>/", views.profile, name="profile"),
]
