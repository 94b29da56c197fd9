from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.http import done, refusal

from .. import services
from .lookups import answer_or_404, question_or_404


def _value(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("value", ""))
    except ValueError:
        return 99  # the service refuses it with a message


def _cast(request: HttpRequest, post, kind: str) -> HttpResponse:
    value = _value(request)
    try:
        score = services.vote(post=post, by=request.user, value=value)
    except ValidationError as error:
        return refusal(request, error, back_to=post)
    if not request.htmx:
        return redirect(post)
    message = {1: _("Voted up."), -1: _("Voted down."), 0: _("Vote taken back.")}[value]
    post.score, post.my_vote = score, value
    response = render(request, "forum/_vote.html", {"post": post, "kind": kind})
    return done(request, response, message)


@login_required
@require_POST
def question_vote(request: HttpRequest, pk: int) -> HttpResponse:
    return _cast(request, question_or_404(request, pk), "question")


@login_required
@require_POST
def answer_vote(request: HttpRequest, pk: int) -> HttpResponse:
    return _cast(request, answer_or_404(request, pk), "answer")
