"""Hiding a post for the community's sake (an upheld flag): the forum keeps its posts' visibility."""

from django.db import transaction
from django.utils.translation import gettext as _

from ..kernel import require
from ..models import Answer, Question, Reply
from .answers import remove_answer
from .questions import remove_question
from .replies import remove_reply


@transaction.atomic
def hide_post(*, post: Question | Answer | Reply, by) -> Question | Answer | Reply:
    """Soft-delete someone's post after a flag was upheld (super users and moderators)."""
    require(by, "forum.hide_post", post, _("Only super users and moderators can hide posts."))
    if isinstance(post, Question):
        return remove_question(question=post, by=by)
    if isinstance(post, Answer):
        return remove_answer(answer=post, by=by)
    return remove_reply(reply=post, by=by)
