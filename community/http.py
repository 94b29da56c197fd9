"""How a refused write answers: a toast for htmx, a flash message and a redirect otherwise."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_htmx.http import trigger_client_event


def refusal(request: HttpRequest, error: ValidationError, *, back_to) -> HttpResponse:
    """Tell the person why a write was refused: a toast for htmx, a flash message otherwise."""
    message = " ".join(error.messages)
    if request.htmx:  # a 4xx: htmx swaps nothing, the toast explains
        return trigger_client_event(HttpResponse(status=422), "toast", {"message": message, "level": "error"})
    messages.error(request, message)
    return redirect(back_to)


def done(request: HttpRequest, response: HttpResponse, message: str) -> HttpResponse:
    """Announce a change made in place: the toast region reads it out."""
    return trigger_client_event(response, "toast", {"message": str(message)})
