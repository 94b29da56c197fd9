"""The authorization table's entries for the agent queue and "still broken" (see authorization_table.py)."""

from django.utils import timezone

from forum.models import Answer, Question
from helpdesk.models import QueueItem

from .authorization_rules import Entry, Perm

STILL_BROKEN = "The light still blinks red after the reset, and the app says offline."


def _waiting_item(world) -> list:
    """An entry of the agent queue on the world's question, made when first asked for."""
    item, _ = QueueItem.objects.get_or_create(
        question=world.question, reason=QueueItem.Reason.UNANSWERED, defaults={"waiting_since": timezone.now()}
    )
    return [item.pk]


def _members_solved_question(world) -> Question:
    """A solved question the member asked: theirs to call still broken (no other role asked it)."""
    member = world.people["member"]
    question = Question.objects.filter(author=member, is_solved=True).first()
    if question is None:
        question = Question.objects.create(
            author=member, category=world.category, title="My thermostat forgets its schedule", body=STILL_BROKEN
        )
        Answer.objects.create(question=question, author=world.answerer, body=STILL_BROKEN, is_accepted=True)
        Question.objects.filter(pk=question.pk).update(is_solved=True, answer_count=1)
        question.is_solved = True
    return question


HELPDESK_ROUTING = {
    "helpdesk:queue-item-done": Entry(Perm("helpdesk.work_queue"), args=_waiting_item),
    "helpdesk:still-broken": Entry(
        Perm("helpdesk.report_still_broken", _members_solved_question),
        args=lambda w: [_members_solved_question(w).pk],
        data={"text": STILL_BROKEN},
    ),
}
