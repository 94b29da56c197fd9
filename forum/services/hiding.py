"""Hiding a post for the community's sake (an upheld flag): the forum keeps its posts' visibility."""

from ..models import Answer, Question, Reply
from .visibility import hide_content


def hide_post(*, post: Question | Answer | Reply, by, reason: str = "") -> Question | Answer | Reply:
    """Hide someone's post after a flag was upheld (super users and moderators); it may come back."""
    return hide_content(post=post, by=by, reason=reason)
