"""Every write on the idea board: one function per user action, in a transaction, publishing an event.

Split by concern; callers keep `from ideas import services`.
"""

from ._common import reindex
from .comments import delete_comment, edit_comment, post_comment
from .ideas import edit_idea, idea_from_thread, post_idea
from .links import link_thread, unlink_thread
from .merges import merge_ideas
from .statuses import change_status
from .votes import vote, withdraw_vote

__all__ = [
    "change_status",
    "delete_comment",
    "edit_comment",
    "edit_idea",
    "idea_from_thread",
    "link_thread",
    "merge_ideas",
    "post_comment",
    "post_idea",
    "reindex",
    "unlink_thread",
    "vote",
    "withdraw_vote",
]
