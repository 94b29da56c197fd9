import sys

from django import db
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from community.accounts import services as account_services
from community.http import next_url, redirect_next, token_or_same_origin

from . import selectors, staff
from .models import Page


def page(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        page = selectors.page_detail(slug)
    except Page.DoesNotExist:
        raise Http404 from None
    return render(request, "community/page.html", {"page": page})


@token_or_same_origin
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switch: remembered on the account when signed in, in a cookie otherwise."""
    language = request.POST.get("language", "")
    response = redirect_next(request)
    if language in dict(settings.LANGUAGES):
        if request.user.is_authenticated:
            account_services.set_language(user=request.user, language=language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


@require_GET
@never_cache
def staff_pages(request: HttpRequest) -> HttpResponse:
    """The pages a person's role opens with what waits on each: the header's menu asks for it with htmx,
    and without JavaScript it is a page of its own. Counted for this person only, and never kept."""
    if not request.user.is_authenticated:
        # A poll after the session ended changes nothing on the page; a visit is asked to sign in.
        return HttpResponse(status=204) if request.htmx else redirect_to_login(request.get_full_path())
    entries = staff.entries_for(request.user)
    if not entries:
        raise PermissionDenied(_("These pages are for super users, agents, moderators and admins."))
    if request.htmx:
        total = sum(entry.count or 0 for entry in entries)
        context = {"entries": entries, "total": total, "trigger": f"every {staff.POLL_SECONDS}s"}
        return render(request, "includes/_staff_update.html", context)
    return render(request, "community/staff.html", {"entries": entries})


def admin_login(request: HttpRequest, extra_context=None) -> HttpResponse:
    """The admin's login page is the site's: a signed-in admin goes on to the administration, other signed-in
    people see a 403."""
    if request.user.is_authenticated:
        if request.user.has_perm("accounts.open_administration"):
            return redirect_next(request, "/admin/")
        raise PermissionDenied(_("Only admins can open the administration."))
    return redirect_to_login(next_url(request, "/admin/"), login_url="account_login")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 403 page with the reason; an htmx request, whose 4xx swaps nothing, gets the reason as a toast too."""
    reason = str(exception or "")
    response = render(request, "403.html", {"exception": reason}, status=403)
    if getattr(request, "htmx", False) and reason:
        response = trigger_client_event(response, "toast", {"message": reason, "level": "error"})
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page in both languages, from settings alone: the database or the language may be what failed.

    Django calls this for an exception anywhere in a request, in a view or in a middleware (a session read
    from the database); a database that does not answer (a restart, a failover) gets the 503 page instead.
    """
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return database_unavailable(request)
    return HttpResponseServerError(loader.render_to_string("500.html", {"SITE_NAME": settings.SITE_NAME}))


# What psycopg raises when the server is down, restarting or ended the connection (the Django wrappers).
DATABASE_UNAVAILABLE = (db.OperationalError, db.InterfaceError)
DATABASE_RETRY_SECONDS = 10


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After, in the visitor's language from the request alone (their account cannot be read)."""
    with translation.override(translation.get_language_from_request(request)):
        context = {"SITE_NAME": settings.SITE_NAME, "request": request}
        response = HttpResponse(loader.render_to_string("503_database.html", context), status=503)
        message = _("The community cannot reach its database right now. Please try again in a minute.")
        if request.headers.get("HX-Request"):  # htmx swaps nothing on a 5xx: the toast says why
            response = trigger_client_event(response, "toast", {"message": message, "level": "error"})
    response["Retry-After"] = str(DATABASE_RETRY_SECONDS)
    add_never_cache_headers(response)
    return response
