"""What the forum's views look up by the number in the address: a 404 when it is not there for this reader."""

from django.http import Http404, HttpRequest

from .. import selectors
from ..models import Answer, Question, Reply


def question_or_404(request: HttpRequest, pk: int) -> Question:
    try:
        return selectors.question_for_update(request.user, pk)
    except Question.DoesNotExist:
        raise Http404 from None


def answer_or_404(request: HttpRequest, pk: int) -> Answer:
    try:
        return selectors.answer_for_update(request.user, pk)
    except Answer.DoesNotExist:
        raise Http404 from None


def reply_or_404(request: HttpRequest, pk: int) -> Reply:
    try:
        return selectors.reply_for_update(request.user, pk)
    except Reply.DoesNotExist:
        raise Http404 from None
