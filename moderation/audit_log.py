"""The audit log's place in moderation: who may read it, its entry in the staff menu, and the names of the
actions moderation records (flags decided).

The log shows what moderators and admins decided about people, with the reasons they gave; moderators and
admins read it. Super users and agents do not: the log speaks about them too (promotions, demotions, their
flag decisions), and it is the staff's oversight, not a member's tool.
"""

import rules
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

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


def _flag_count(data: dict) -> str:
    count = data.get("flags") or 0
    return ngettext("%(count)d flag", "%(count)d flags", count) % {"count": count} if count else ""


def _until(data: dict) -> str:
    return _("Until %(end)s") % {"end": data["until"][:16].replace("T", " ")} if data.get("until") else _("For good")


def register_actions() -> None:
    audit.register_action("flag_upheld", gettext_lazy("Flag upheld, post hidden"), _flag_details)
    audit.register_action("flag_dismissed", gettext_lazy("Flag dismissed"), _flag_details)
    audit.register_action("post_hidden_by_flags", gettext_lazy("Post hidden by trusted flags"), _flag_count)
    audit.register_action("post_approved", gettext_lazy("Post approved"), _flag_count)
    audit.register_action("post_hidden", gettext_lazy("Post hidden"), _flag_count)
    audit.register_action("post_deleted", gettext_lazy("Post deleted"), _flag_count)
    audit.register_action("author_warned", gettext_lazy("Author warned"))
    audit.register_action("question_locked", gettext_lazy("Question locked"))
    audit.register_action("question_moved", gettext_lazy("Question moved"))
    audit.register_action("member_suspended", gettext_lazy("Member suspended"), _until)
    audit.register_action("member_silenced", gettext_lazy("Member silenced"), _until)
    audit.register_action("restriction_lifted", gettext_lazy("Suspension or silencing lifted"))
