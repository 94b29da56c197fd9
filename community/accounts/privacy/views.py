from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community.http import done, form_status

from . import erasure, exports
from .forms import DeleteAccountForm

EXPORT_POLL_SECONDS = 3


def _export_context(request: HttpRequest) -> dict:
    return {
        "export": exports.current_export(request.user),
        "hours": exports.link_hours(),
        "poll": EXPORT_POLL_SECONDS,
    }


@login_required
@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy settings: ask for a copy of one's data, and the way to delete the account."""
    return render(request, "accounts/privacy.html", _export_context(request))


@login_required
@require_POST
def export_request(request: HttpRequest) -> HttpResponse:
    """Ask for a copy of one's data; the task mails the link, the page shows that it is being prepared."""
    exports.request_export(by=request.user)
    message = _("We are preparing your file. We will email you a link when it is ready.")
    if request.htmx:
        response = render(request, "accounts/_data_export.html", _export_context(request))
        return done(request, response, message)
    messages.success(request, message)
    return redirect("accounts:privacy")


@login_required
@require_GET
@never_cache
def export_status(request: HttpRequest) -> HttpResponse:
    """Where the export stands, for the page's polling (htmx) or a reload; reads only."""
    template = "accounts/_data_export.html" if request.htmx else "accounts/privacy.html"
    return render(request, template, _export_context(request))


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def export_download(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link: a page with a download button (GET), and the download itself, once (POST)."""
    try:
        if request.method == "POST":
            handle = exports.download_export(token=token, by=request.user)
            name = f"{settings.SITE_NAME.lower()}-data-{timezone.localdate():%Y-%m-%d}.zip"
            return FileResponse(handle, as_attachment=True, filename=name, content_type="application/zip")
        export = exports.export_for_link(token=token, by=request.user)
    except exports.LinkRefused as refused:
        return render(request, "accounts/privacy_link_refused.html", {"reason": refused.message}, status=refused.status)
    return render(request, "accounts/privacy_download.html", {"export": export, "token": token})


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    """Delete one's account, with the password (or a recent sign-in) and the choice about one's posts."""
    user = request.user
    form = DeleteAccountForm(request.POST or None, user=user, request=request)
    if request.method == "POST" and form.is_valid():
        try:
            erasure.erase_account(user=user, by=user, remove_posts=form.remove_posts)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            language = user.language
            logout(request)
            response = redirect("accounts:account-deleted")
            # The goodbye speaks the language the person used here, though nobody is signed in now.
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
            return response
    context = {
        "form": form,
        "last_admin": erasure.is_last_admin(user),
        "minutes": settings.ERASURE_RECENT_LOGIN_MINUTES,
    }
    return render(request, "accounts/account_delete.html", context, status=form_status(request))


@require_GET
def account_deleted(request: HttpRequest) -> HttpResponse:
    """The goodbye after deleting an account."""
    if request.user.is_authenticated:
        return redirect("accounts:settings")
    return render(request, "accounts/account_deleted.html")
