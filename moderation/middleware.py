"""What moderation does around every request: a suspended member's writes stop here, and the spam checker
learns who is writing."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from community.http import client_ip

from . import spam, suspensions

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
# Where a suspended member may not write: the community's content and its staff pages, following, and the
# profile. Signing out, the password and email pages, notification settings (fewer mails), unfollowing and
# the privacy pages (export, deletion) stay open to them. The services refuse as well; this is the net
# under the writes that have no check of their own (accepting, deleting, rating an article, ...).
CLOSED_NAMESPACES = {"forum", "ideas", "moderation", "superusers"}
CLOSED_VIEWS = {"notifications:follow", "accounts:settings"}


class RestrictionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in SAFE_METHODS:
            return self.get_response(request)  # nothing is written: the checker has nobody to learn of
        visit = spam.Visit(
            ip=client_ip(request),
            user_agent=request.headers.get("User-Agent", "")[:500],
            referrer=request.headers.get("Referer", "")[:500],
        )
        token = spam.set_visit(visit)
        try:
            return self.get_response(request)
        finally:
            spam.reset_visit(token)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        if request.method in SAFE_METHODS or not request.user.is_authenticated:
            return
        match = request.resolver_match
        if match is None or not (match.namespace in CLOSED_NAMESPACES or match.view_name in CLOSED_VIEWS):
            return
        if match.view_name == "notifications:follow" and request.POST.get("follow") == "0":
            return  # unfollowing only means fewer notifications
        current = suspensions.in_force(request.user)
        if current is not None and current.suspended:
            raise PermissionDenied(current.message())
