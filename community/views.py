from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from community.accounts import services as account_services

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
    if request.user.is_authenticated and language in dict(request.user._meta.get_field("language").choices):
        account_services.set_language(user=request.user, language=language)
    return django_set_language(request)  # checks `next` and sets the cookie


def admin_login(request: HttpRequest, extra_context=None) -> HttpResponse:
    """The admin's login page is the site's: signed-in people without admin rights see a 403."""
    from django.contrib.auth.views import redirect_to_login
    from django.core.exceptions import PermissionDenied

    if request.user.is_authenticated:
        raise PermissionDenied(_("Only admins can open the administration."))
    return redirect_to_login(request.GET.get("next", "/admin/"), login_url="account_login")


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page in both languages, from settings alone: the database or the language may be what failed."""
    return HttpResponseServerError(loader.render_to_string("500.html", {"SITE_NAME": settings.SITE_NAME}))
