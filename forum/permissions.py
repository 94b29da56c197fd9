"""Who may do what in the forum, on the roles of community/accounts/permissions.py.

Invariants that hold for everyone (no vote on your own post, nothing new on a locked question) are
enforced in the services as well, because Django's technical admin passes every `has_perm`.
"""

from datetime import timedelta

import rules
from django.conf import settings
from django.utils import timezone

from community.accounts.permissions import (
    can_contribute,
    has_agent_privileges,
    has_super_user_privileges,
    is_active_account,
    is_staff_moderator,
)

from .kernel.permissions import is_author, is_withheld, written_within
from .models import Category


@rules.predicate
def is_asker(user, post) -> bool:
    """The person who asked the question (for an answer: the question it answers)."""
    question = getattr(post, "question", post)
    return question is not None and question.author_id == user.pk


within_edit_window = written_within(lambda: timedelta(hours=settings.FORUM_EDIT_WINDOW_HOURS))
# The customer hears of a post an agent wrote for them by mail, perhaps days later: they get longer to mend it.
within_on_behalf_window = written_within(lambda: timedelta(days=settings.FORUM_ON_BEHALF_EDIT_DAYS))


@rules.predicate
def written_for_author(user, post) -> bool:
    """An agent posted it for its author (a customer who phoned or wrote in)."""
    return post is not None and getattr(post, "on_behalf_by_id", None) is not None


@rules.predicate
def question_open_for_posts(user, post) -> bool:
    """New answers and replies only while the question is not locked, closed or deleted."""
    question = getattr(post, "question", post)
    return question is None or (not question.is_locked and question.closed_at is None and question.deleted_at is None)


@rules.predicate
def question_takes_replies(user, post) -> bool:
    """Replies go on while a question is closed (people still say thanks), not once it is locked."""
    question = getattr(post, "question", post)
    return question is None or (not question.is_locked and question.deleted_at is None)


@rules.predicate
def question_not_locked(user, post) -> bool:
    question = getattr(post, "question", post)
    return question is None or not question.is_locked


@rules.predicate
def question_is_stale(user, post) -> bool:
    """The asker has gone quiet: no accepted answer after FORUM_STALE_DAYS (super users may accept then)."""
    question = getattr(post, "question", post)
    return question is not None and timezone.now() - question.created_at >= timedelta(days=settings.FORUM_STALE_DAYS)


@rules.predicate
def can_see_category(user, category) -> bool:
    if category is None or category.audience == Category.Audience.EVERYONE:
        return True
    if category.audience == Category.Audience.SUPER_USERS:
        return has_super_user_privileges(user)
    return is_staff_moderator(user) or rules.is_group_member("agent")(user)


@rules.predicate
def open_for_new_threads(user, category) -> bool:
    """A staff-only category (the team's announcements) takes new threads from agents, moderators, admins."""
    if category is None or category.thread_starters == Category.ThreadStarters.EVERYONE:
        return True
    return has_agent_privileges(user)


rules.add_perm("forum.view_category", can_see_category)
# Starting a thread in a category: asking there, or moving a question there.
rules.add_perm("forum.start_thread", is_active_account & can_see_category & open_for_new_threads)
rules.add_perm("forum.ask_question", can_contribute)
rules.add_perm("forum.post_answer", can_contribute & question_open_for_posts)
rules.add_perm("forum.post_reply", can_contribute & question_takes_replies)
rules.add_perm(
    "forum.edit_post",
    is_active_account
    & question_not_locked
    & ((is_author & (within_edit_window | (written_for_author & within_on_behalf_window))) | has_super_user_privileges)
    | is_active_account & is_staff_moderator
    | is_active_account & is_author & is_withheld,
)
rules.add_perm("forum.retag_question", is_active_account & has_super_user_privileges)
rules.add_perm("forum.delete_post", is_active_account & (is_author | is_staff_moderator))
rules.add_perm("forum.vote", can_contribute & ~is_author)
rules.add_perm(
    "forum.accept_answer",
    is_active_account & (is_asker | is_staff_moderator | (has_super_user_privileges & question_is_stale)),
)
rules.add_perm("forum.close_question", is_active_account & has_super_user_privileges)
rules.add_perm("forum.mark_duplicate", is_active_account & has_super_user_privileges)
rules.add_perm("forum.lock_question", is_active_account & is_staff_moderator)
rules.add_perm("forum.pin_question", is_active_account & is_staff_moderator)
rules.add_perm("forum.move_question", is_active_account & is_staff_moderator)
rules.add_perm("forum.view_revisions", rules.always_allow)
rules.add_perm("forum.view_deleted", is_active_account & is_staff_moderator)
rules.add_perm("forum.edit_article", is_active_account & has_super_user_privileges)
# Members' and signed-out readers' answers to "Was this helpful?", apart: for the people who keep articles.
rules.add_perm("forum.view_article_feedback", is_active_account & (has_super_user_privileges | has_agent_privileges))
rules.add_perm("forum.hide_post", is_active_account & has_super_user_privileges)
# Held and hidden posts: their authors see them with a banner, and so do the people who review them.
rules.add_perm("forum.view_withheld", is_active_account & (is_author | has_super_user_privileges))
rules.add_perm("forum.ask_for_review", is_active_account & is_author & is_withheld)
# The questions nobody answered yet, as a work queue in the staff menu: agents and moderators.
rules.add_perm("forum.view_unanswered_queue", is_active_account & has_agent_privileges)
# Posting a question or an answer for a customer who phoned or wrote in: the service team.
rules.add_perm("forum.post_on_behalf", is_active_account & has_agent_privileges)
# Yes or No on the automatic reply: the person who asked, or the service team (for a customer on the phone).
rules.add_perm("forum.judge_instant_answer", is_active_account & (is_asker | has_agent_privileges))
