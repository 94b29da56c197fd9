from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.http import done, redirect_next

from .. import services
from ._common import idea_or_404, refused


@login_required
@require_POST
def idea_vote(request: HttpRequest, pk: int) -> HttpResponse:
    """Vote (value 1) or withdraw the vote (value 0); htmx gets the vote box back, in place."""
    idea = idea_or_404(pk)
    withdraw = request.POST.get("value") == "0"
    try:
        if withdraw:
            idea.vote_count = services.withdraw_vote(idea=idea, by=request.user)
        else:
            idea.vote_count = services.vote(idea=idea, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        return refused(request, error, back_to=idea)
    message = _("Your vote is withdrawn.") if withdraw else _("Thank you for your vote!")
    if not request.htmx:
        return redirect_next(request, fallback=idea)
    response = render(request, "ideas/_vote.html", {"idea": idea, "voted": not withdraw})
    return done(request, response, message)
