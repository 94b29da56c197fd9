"""The audit log's place in moderation: who may read it, its entry in the staff menu, and the names of the
actions moderation records (flags decided).

The log shows what moderators and admins decided about people, with the reasons they gave; moderators and
admins read it. Super users and agents do not: the log speaks about them too (promotions, demotions, their
flag decisions), and it is the staff's oversight, not a member's tool.
"""

import rules
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community import audit
from community.accounts.permissions import is_active_account, is_staff_moderator
from community.staff import StaffPage

from .models import Flag

rules.add_perm("moderation.view_audit_log", is_active_account & is_staff_moderator)

AUDIT_LOG = StaffPage(
    code="audit_log",
    label=gettext_lazy("Audit log"),
    url_name="moderation:audit",
    permission="moderation.view_audit_log",
    order=90,
)


def _flag_details(data: dict) -> str:
    reason = dict(Flag.Reason.choices).get(data["reason"], data["reason"])
    return _("Reason: %(reason)s") % {"reason": reason}


def register_actions() -> None:
    audit.register_action("flag_upheld", gettext_lazy("Flag upheld, post hidden"), _flag_details)
    audit.register_action("flag_dismissed", gettext_lazy("Flag dismissed"), _flag_details)
