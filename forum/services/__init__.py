"""Every write in the forum: one function per user action, in a transaction, publishing an event.

Split by concern; callers keep `from forum import services`.
"""

from .answers import accept_answer, delete_answer, edit_answer, post_answer, unaccept_answer
from .deflection import record_suggestion_opened, record_suggestions_shown
from .hiding import hide_post
from .instant import answer_instantly, confirm_instant_answer, decline_instant_answer
from .knowledge import edit_article, publish_article, rate_article, sync_article
from .questions import ask_question, clean_tags, delete_question, edit_question, retag_question
from .replies import delete_reply, edit_reply, post_reply
from .states import (
    close_question,
    lock_question,
    mark_duplicate,
    move_question,
    pin_question,
    reopen_question,
)
from .viewcounts import add_views, flush_views, record_article_view, record_view
from .visibility import (
    approve_content,
    approve_contents,
    ask_for_review,
    delete_content,
    delete_contents,
    hide_content,
    hide_contents,
)
from .votes import vote

__all__ = [
    "accept_answer",
    "add_views",
    "answer_instantly",
    "approve_content",
    "approve_contents",
    "ask_for_review",
    "ask_question",
    "clean_tags",
    "close_question",
    "confirm_instant_answer",
    "decline_instant_answer",
    "delete_answer",
    "delete_content",
    "delete_contents",
    "delete_question",
    "delete_reply",
    "edit_answer",
    "edit_article",
    "edit_question",
    "edit_reply",
    "flush_views",
    "hide_content",
    "hide_contents",
    "hide_post",
    "lock_question",
    "mark_duplicate",
    "move_question",
    "pin_question",
    "post_answer",
    "post_reply",
    "publish_article",
    "rate_article",
    "record_article_view",
    "record_suggestion_opened",
    "record_suggestions_shown",
    "record_view",
    "reopen_question",
    "retag_question",
    "sync_article",
    "unaccept_answer",
    "vote",
]
