"""The author's side of a hidden post: asking the moderators to look at it again (any registered kind)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import trigger_client_event

from community.http import refusal

from .. import moderatable, services


@login_required
@require_POST
def ask_review(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    found, post = moderatable.find(kind, pk)
    if post is None or not moderatable.visible_to(request.user, post):
        raise Http404
    try:
        post = services.ask_for_review(post=post, by=request.user)
    except ValidationError as error:
        return refusal(request, error, back_to=found.url(post))
    message = _("Thank you. The moderators will look at it again.")
    if not request.htmx:
        messages.success(request, message)
        return redirect(found.url(post))
    context = {"post": post, "kind": found.name, "edit_url": found.edit_url(post), "user": request.user}
    html = render_to_string("forum/kernel/_withheld.html", context, request=request)
    return trigger_client_event(HttpResponse(html), "toast", {"message": message})
