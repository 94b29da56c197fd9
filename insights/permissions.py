"""Who sees which insights (rules): moderators and admins see everything; agents the response-time and queue
figures and the watch lists; members none of it."""

import rules

from community.accounts.permissions import is_active_account, is_agent, is_staff_moderator

rules.add_perm("insights.view_dashboard", is_active_account & (is_staff_moderator | is_agent))
rules.add_perm("insights.view_all_figures", is_active_account & is_staff_moderator)
# Watch lists: moderators and admins keep them; agents may read them and be their watchers, because they
# are the ones who answer fast where it matters, but they do not decide what the company watches.
rules.add_perm("insights.view_watch_lists", is_active_account & (is_staff_moderator | is_agent))
rules.add_perm("insights.manage_watch_lists", is_active_account & is_staff_moderator)
# Trends read every public post of the last weeks: a manager's view, like mood.
rules.add_perm("insights.view_trends", is_active_account & is_staff_moderator)
