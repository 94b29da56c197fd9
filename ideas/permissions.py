"""Who may do what on the idea board, on the roles of community/accounts/permissions.py.

Invariants that hold for everyone (no vote for your own idea, one vote per person, nothing new on a
merged idea) are enforced in the services as well, because Django's technical admin passes every `has_perm`.
"""

from datetime import timedelta

import rules
from django.conf import settings

from community.accounts.permissions import (
    can_contribute,
    has_super_user_privileges,
    is_active_account,
    is_staff_moderator,
)
from forum.kernel.permissions import is_author, is_withheld, written_within


def edit_window() -> timedelta:
    return timedelta(hours=getattr(settings, "IDEAS_EDIT_WINDOW_HOURS", 24))


within_edit_window = written_within(edit_window)


@rules.predicate
def is_open(user, obj) -> bool:
    """A merged idea takes no votes, comments or edits: its conversation goes on where it was merged."""
    idea = getattr(obj, "idea", obj)
    return idea is None or idea.merged_into_id is None


rules.add_perm("ideas.post_idea", can_contribute)
rules.add_perm(
    "ideas.edit_idea",
    is_active_account & is_open & ((is_author & (within_edit_window | is_withheld)) | is_staff_moderator),
)
rules.add_perm("ideas.vote", can_contribute & is_open & ~is_author)
rules.add_perm("ideas.post_comment", can_contribute & is_open)
rules.add_perm(
    "ideas.edit_comment",
    is_active_account & is_open & ((is_author & (within_edit_window | is_withheld)) | is_staff_moderator),
)
rules.add_perm("ideas.delete_comment", is_active_account & (is_author | is_staff_moderator))
# Staff answer ideas officially: moderators and admins.
rules.add_perm("ideas.change_status", is_active_account & is_staff_moderator)
rules.add_perm("ideas.merge_ideas", is_active_account & is_staff_moderator)
rules.add_perm("ideas.view_voters", is_active_account & is_staff_moderator)
# Threads and ideas meet through the people who tend the forum: super users and moderators.
rules.add_perm("ideas.link_thread", is_active_account & has_super_user_privileges)
rules.add_perm("ideas.idea_from_thread", is_active_account & has_super_user_privileges)
