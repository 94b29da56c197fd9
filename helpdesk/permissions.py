"""Who may work with tickets, escalations, the agent queue and integrations.

Agents, moderators and admins work the helpdesk side; admins configure integrations (helpdesks,
tokens, webhooks). The asker may escalate their own thread only where an admin allowed it.
"""

import rules

from community.accounts.permissions import has_agent_privileges, is_active_account, is_admin, is_super_user


@rules.predicate
def is_asker(user, question) -> bool:
    return question is not None and getattr(question, "author_id", None) == user.pk


@rules.predicate
def askers_may_escalate(user) -> bool:
    from .models import ResponsePolicy

    return ResponsePolicy.current().askers_may_escalate


staff_side = is_active_account & has_agent_privileges

rules.add_perm("helpdesk.view_ticket_links", staff_side)
rules.add_perm("helpdesk.link_ticket", staff_side)
rules.add_perm("helpdesk.unlink_ticket", staff_side)
rules.add_perm("helpdesk.view_agent_queue", staff_side)
rules.add_perm("helpdesk.work_queue", staff_side)
rules.add_perm("helpdesk.publish_solution", staff_side)
rules.add_perm("helpdesk.post_on_behalf", staff_side)
rules.add_perm("helpdesk.escalate_thread", staff_side | (is_active_account & is_asker & askers_may_escalate))
# "Still broken" after an accept: the asker tells the team the accepted answer did not solve it.
rules.add_perm("helpdesk.report_still_broken", is_active_account & is_asker)
rules.add_perm("helpdesk.manage_integrations", is_active_account & is_admin)
# The unanswered questions offered to a super user of their topic, on a page of their own.
rules.add_perm("helpdesk.view_offers", is_active_account & is_super_user)
