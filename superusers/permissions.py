import rules

from community.accounts.permissions import is_active_account, is_staff_moderator

rules.add_perm("superusers.promote", is_active_account & is_staff_moderator)
rules.add_perm("superusers.view_candidates", is_active_account & is_staff_moderator)
rules.add_perm("superusers.view_voting", is_active_account & is_staff_moderator)
rules.add_perm("superusers.rank_candidates", is_active_account & is_staff_moderator)
