"""What people do with the agent queue: an agent marks an entry done; an asker says "still broken"."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.accounts.models import User
from forum import services as forum_services
from forum.models import Question

from ..models import QueueItem
from .queue import enter_queue

STILL_BROKEN_MIN, STILL_BROKEN_MAX = 10, 2000


@transaction.atomic
def dismiss_item(*, item: QueueItem, by: User) -> QueueItem:
    """An agent takes an entry out of the queue as done; a second click changes nothing."""
    if not by.has_perm("helpdesk.work_queue"):
        raise PermissionDenied(_("Only agents, moderators and admins work the agent queue."))
    item = QueueItem.objects.select_for_update().get(pk=item.pk)
    if item.resolved_at is None:
        item.resolved_at, item.resolved_by, item.resolution = timezone.now(), by, "dismissed"
        item.save(update_fields=["resolved_at", "resolved_by", "resolution"])
    return item


def clean_still_broken_text(text) -> str:
    text = (text or "").strip()
    if len(text) < STILL_BROKEN_MIN:
        raise ValidationError(
            {
                "text": _("Tell the team what still does not work, in at least %(n)d characters.")
                % {"n": STILL_BROKEN_MIN}
            },
            code="too_short",
        )
    if len(text) > STILL_BROKEN_MAX:
        raise ValidationError(
            {"text": _("Please keep it to %(n)d characters.") % {"n": STILL_BROKEN_MAX}}, code="too_long"
        )
    return text


@transaction.atomic
def report_still_broken(*, question: Question, by: User, text: str) -> QueueItem | None:
    """The asker says the accepted answer did not solve it: what still fails goes under the question as a
    public reply, and the thread enters the agent queue. None when it waits there for that already."""
    if not by.has_perm("helpdesk.report_still_broken", question):
        raise PermissionDenied(_("Only the asker can say that their question is still not solved."))
    if question.is_deleted:
        raise ValidationError(_("This thread was deleted."), code="deleted")
    if not question.is_solved:
        raise ValidationError(_("This question has no accepted answer yet."), code="not_solved")
    text = clean_still_broken_text(text)
    # Through the forum's own service: the same checks, hold rules, counts and news as any reply.
    forum_services.post_reply(question=question, by=by, body=text)
    return enter_queue(
        question_id=question.pk,
        reason=QueueItem.Reason.STILL_BROKEN,
        waiting_since=timezone.now(),
        note=text,
    )
