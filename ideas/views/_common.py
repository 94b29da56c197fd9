"""What the idea views share: finding things by number or address, and saying no politely."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django_htmx.http import trigger_client_event

from community.http import refusal

from .. import selectors
from ..models import Idea, IdeaComment

BIGINT_MAX = 2**63 - 1


def check_id(pk: int) -> int:
    """An id from the address that the database can compare (a longer number is simply not there)."""
    if pk > BIGINT_MAX:
        raise Http404
    return pk


def idea_or_404(pk: int) -> Idea:
    check_id(pk)
    try:
        return selectors.idea_for_update(pk)
    except Idea.DoesNotExist:
        raise Http404 from None


def comment_or_404(pk: int) -> IdeaComment:
    check_id(pk)
    try:
        return selectors.comment_for_update(pk)
    except IdeaComment.DoesNotExist:
        raise Http404 from None


def refused(request: HttpRequest, error: ValidationError | PermissionDenied, *, back_to) -> HttpResponse:
    """A refused button press: the reason as a toast for htmx, else a flash message (or the 403 page)."""
    if isinstance(error, PermissionDenied):
        if not request.htmx:
            raise error
        message = str(error) or "403"
        return trigger_client_event(HttpResponse(status=403), "toast", {"message": message, "level": "error"})
    return refusal(request, error, back_to=back_to)
