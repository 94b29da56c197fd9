"""Links between ideas and the forum threads where they came up."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from community.accounts.models import User
from forum.kernel import require
from forum.models import Question

from ..fragments import forget_thread_panels, ideas_changed
from ..models import Idea, IdeaThreadLink
from ._common import refuse_merged


@transaction.atomic
def link_thread(*, idea: Idea, question: Question | None, by: User) -> IdeaThreadLink:
    """Link a thread to an idea; the thread shows the idea beside it. Linking twice changes nothing."""
    require(by, "ideas.link_thread", idea, _("Only super users and moderators can link threads to ideas."))
    refuse_merged(idea)
    if question is None or question.is_deleted or not by.has_perm("forum.view_category", question.category):
        raise ValidationError({"thread": _("Name an existing forum thread.")}, code="no_thread")
    link, _created = IdeaThreadLink.objects.get_or_create(idea=idea, question=question, defaults={"by": by})
    forget_thread_panels(question_ids=[question.pk])
    ideas_changed(idea.pk)
    return link


@transaction.atomic
def unlink_thread(*, idea: Idea, question: Question, by: User) -> None:
    require(by, "ideas.link_thread", idea, _("Only super users and moderators can link threads to ideas."))
    IdeaThreadLink.objects.filter(idea=idea, question=question).delete()
    forget_thread_panels(question_ids=[question.pk])
    ideas_changed(idea.pk)
