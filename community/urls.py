from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.functional import lazy
from django.utils.translation import gettext

from . import health, metrics, views
from .api import api


def _site_header() -> str:
    return gettext("%(site_name)s administration") % {"site_name": settings.SITE_NAME}


# Lazy: the header is read per request, in the reader's language.
admin.site.site_header = lazy(_site_header, str)()
admin.site.site_title = lazy(lambda: settings.SITE_NAME, str)()
# The admin signs people in through the site's own login (rate limits, verified email).
admin.site.login = views.admin_login

handler403 = views.permission_denied
handler500 = views.server_error

urlpatterns = [
    # First: probes are asked every few seconds, and the patterns are tried in order.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("", include("forum.urls")),
    path("ideas/", include("ideas.urls")),
    path("", include("superusers.urls")),
    path("", include("community.accounts.urls")),
    path("", include("notifications.urls")),
    path("moderation/", include("moderation.urls")),
    path("helpdesk/", include("helpdesk.urls")),
    path("insights/", include("insights.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("pages/<slug:slug>/", views.page, name="page"),
    path("staff/", views.staff_pages, name="staff"),
    path("api/", api.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
