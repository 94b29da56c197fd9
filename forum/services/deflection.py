"""The ask page's figures (deflection): suggestions shown while asking, the one opened, the question asked.

A visit's row is made by the first of these writes, keyed by the random key the page carries, so opening
the ask page writes nothing. Only the person who made the row adds to it; a key sent by anyone else, or
by no one signed in, counts nothing.
"""

import uuid

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from community.accounts.models import User

from ..models import AskSession, Question


def _visit(key: uuid.UUID | None, by: User) -> AskSession | None:
    if key is None or not by.is_authenticated:
        return None
    session, _ = AskSession.objects.get_or_create(key=key, defaults={"user": by})
    return session if session.user_id == by.pk else None


@transaction.atomic
def record_suggestions_shown(*, key: uuid.UUID | None, by: User, shown: int) -> None:
    """Count the similar questions and articles shown under the title being typed."""
    if shown <= 0:
        return
    session = _visit(key, by)
    if session is not None:
        AskSession.objects.filter(pk=session.pk).update(shown=F("shown") + shown)


@transaction.atomic
def record_suggestion_opened(*, key: uuid.UUID | None, by: User, document_id: int) -> None:
    """The first suggestion opened in a visit: a possible deflection (a later one changes nothing)."""
    session = _visit(key, by)
    if session is not None:
        AskSession.objects.filter(pk=session.pk, clicked__isnull=True).update(
            clicked_id=document_id, clicked_at=timezone.now()
        )


def record_question_asked(*, key: uuid.UUID | None, by: User, question: Question) -> None:
    """The visit ended in a question after all (called inside `ask_question`'s transaction)."""
    session = _visit(key, by)
    if session is not None:
        AskSession.objects.filter(pk=session.pk, question__isnull=True).update(question=question)
