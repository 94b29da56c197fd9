"""What the forum's views look up by the number in the address: a 404 when it is not there for this reader."""

from django.http import Http404, HttpRequest

from .. import selectors
from ..models import Answer, Question, Reply


def _unless_withheld(request: HttpRequest, post):
    """Held and hidden posts (and what hangs under a held or hidden question) are there only for their
    author and the people who review them."""
    question = getattr(post, "question", None)
    for shown in (post, question):
        withheld = shown is not None and shown.removal in ("held", "hidden")
        if withheld and not request.user.has_perm("forum.view_withheld", shown):
            raise Http404
    return post


def question_or_404(request: HttpRequest, pk: int) -> Question:
    try:
        return _unless_withheld(request, selectors.question_for_update(request.user, pk))
    except Question.DoesNotExist:
        raise Http404 from None


def answer_or_404(request: HttpRequest, pk: int) -> Answer:
    try:
        return _unless_withheld(request, selectors.answer_for_update(request.user, pk))
    except Answer.DoesNotExist:
        raise Http404 from None


def reply_or_404(request: HttpRequest, pk: int) -> Reply:
    try:
        return _unless_withheld(request, selectors.reply_for_update(request.user, pk))
    except Reply.DoesNotExist:
        raise Http404 from None
