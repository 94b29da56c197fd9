"""Where an idea stands: status changes and official responses by staff, kept as a history."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community import events
from community.accounts.models import User
from forum.kernel import render_with_mentions, require

from ..fragments import forget_thread_panels, ideas_changed, lists_changed
from ..models import RESPONSE_MAX, Idea, StatusChange
from ._common import lock, refuse_merged


@transaction.atomic
def change_status(*, idea: Idea, by: User, status: str, response: str = "") -> StatusChange:
    """Set a new status, answer officially, or both; the author, voters and followers are told."""
    require(by, "ideas.change_status", idea, _("Only moderators and admins can change the status of an idea."))
    if status not in Idea.Status.values:
        raise ValidationError({"status": _("Choose one of the listed statuses.")}, code="bad_status")
    response = (response or "").replace("\x00", "").strip()
    if len(response) > RESPONSE_MAX:
        message = _("Please keep it under %(n)d characters (now %(len)d).") % {"n": RESPONSE_MAX, "len": len(response)}
        raise ValidationError({"response": message}, code="too_long")
    idea = lock(idea)
    refuse_merged(idea)
    if status == idea.status and not response:
        raise ValidationError(
            _("The idea is already “%(status)s”. Choose another status or write an official response.")
            % {"status": Idea.Status(status).label},
            code="no_change",
        )
    now = timezone.now()
    change = StatusChange.objects.create(
        idea=idea,
        by=by,
        old_status=idea.status,
        new_status=status,
        response=response,
        response_html=render_with_mentions(response).html if response else "",
        created_at=now,
    )
    fields = {}
    if status != idea.status:
        fields.update(status=status, status_changed_at=now)
    if response:
        fields["latest_response"] = change
    Idea.objects.filter(pk=idea.pk).update(**fields)
    ideas_changed(idea.pk)
    lists_changed()
    forget_thread_panels(idea_ids=[idea.pk])
    events.publish(
        events.IdeaStatusChanged(
            idea_id=idea.pk,
            idea_author_id=idea.author_id,
            by_user_id=by.pk,
            old_status=change.old_status,
            new_status=status,
            response_id=change.pk if response else None,
        )
    )
    return change
