import rules

from community.accounts.permissions import (
    can_contribute,
    has_super_user_privileges,
    is_active_account,
    is_staff_moderator,
)


@rules.predicate
def is_not_author(user, post) -> bool:
    return post is None or post.author_id != user.pk


rules.add_perm("moderation.flag_post", can_contribute & is_not_author)
# The review queue: super users and moderators approve and hide; deleting and warning are moderators' work.
rules.add_perm("moderation.handle_flags", is_active_account & has_super_user_privileges)
# Whom they may restrict (nobody an admin, only admins a moderator) moderation.suspensions decides.
rules.add_perm("moderation.restrict_member", is_active_account & is_staff_moderator)
rules.add_perm("moderation.review_posts", is_active_account & has_super_user_privileges)
rules.add_perm("moderation.delete_posts", is_active_account & is_staff_moderator)
rules.add_perm("moderation.warn_author", is_active_account & is_staff_moderator)
