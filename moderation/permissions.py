import rules

from community.accounts.permissions import can_contribute, has_super_user_privileges, is_active_account


@rules.predicate
def is_not_author(user, post) -> bool:
    return post is None or post.author_id != user.pk


rules.add_perm("moderation.flag_post", can_contribute & is_not_author)
rules.add_perm("moderation.handle_flags", is_active_account & has_super_user_privileges)
