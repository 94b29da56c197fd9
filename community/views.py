from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.accounts import services as account_services
from community.http import next_url, redirect_next

from . import selectors
from .models import Page


def page(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        page = selectors.page_detail(slug)
    except Page.DoesNotExist:
        raise Http404 from None
    return render(request, "community/page.html", {"page": page})


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


def admin_login(request: HttpRequest, extra_context=None) -> HttpResponse:
    """The admin's login page is the site's: signed-in people without admin rights see a 403."""
    if request.user.is_authenticated:
        raise PermissionDenied(_("Only admins can open the administration."))
    return redirect_to_login(next_url(request, "/admin/"), login_url="account_login")
