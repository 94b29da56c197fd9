"""Yes or No on a question's automatic reply: a form that works without JavaScript, in place with htmx."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.http import done, refusal, whole_number

from .. import selectors, services
from ..models import InstantAnswer
from .lookups import question_or_404


def _instant(request: HttpRequest, pk: int) -> InstantAnswer:
    question = question_or_404(request, pk)
    instant = InstantAnswer.objects.filter(question=question).select_related("question").first()
    if instant is None:
        raise Http404
    return instant


def _answered(request: HttpRequest, instant: InstantAnswer, message: str) -> HttpResponse:
    if not request.htmx:
        messages.success(request, message)
        return redirect(instant.question)
    question = selectors.question_head(instant.question_id)  # with the reply and its verdict
    response = render(request, "forum/_instant_answer_changed.html", {"question": question})
    return done(request, response, message)


@login_required
@require_POST
def instant_answer_yes(request: HttpRequest, pk: int) -> HttpResponse:
    instant = _instant(request, pk)
    link = whole_number(request.POST.get("link") or "0", high=9)
    try:
        if link is None:
            raise ValidationError(_("Choose one of the links of the automatic reply."), code="bad_link")
        services.confirm_instant_answer(instant=instant, by=request.user, link=link)  # PermissionDenied: a 403
    except ValidationError as error:
        return refusal(request, error, back_to=instant.question)
    return _answered(request, instant, _("Glad it helped: the question is marked as solved by the knowledge base."))


@login_required
@require_POST
def instant_answer_no(request: HttpRequest, pk: int) -> HttpResponse:
    instant = _instant(request, pk)
    try:
        services.decline_instant_answer(instant=instant, by=request.user)
    except ValidationError as error:
        return refusal(request, error, back_to=instant.question)
    return _answered(request, instant, _("Thanks for telling us: the question now goes to the community first."))
