"""Who sees the insights: moderators and admins everything, agents the response-time and queue figures."""

import rules

from community.accounts.permissions import is_active_account, is_agent, is_staff_moderator

rules.add_perm("insights.view_dashboard", is_active_account & (is_staff_moderator | is_agent))
rules.add_perm("insights.view_all_figures", is_active_account & is_staff_moderator)
