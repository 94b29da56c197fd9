"""The checks in front of every write of a post: who may, whether they may write at all now, what they wrote."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from community.accounts.permissions import has_super_user_privileges, restriction_message

from .. import checks


def require(user, perm: str, obj=None, message: str | None = None) -> None:
    """Refuse with a 403 and the reason unless the person has the permission (on the object, if given)."""
    if not user.has_perm(perm, obj):
        # A suspended or silenced person is told why they are refused, not a rule's general sentence.
        raise PermissionDenied(restriction_message(user) or message or _("You are not allowed to do that."))


def check_can_write(user, action: str) -> None:
    """Invariants for every writer, then the checks other apps registered in front of writes (rate limits,
    suspensions); `action` names what is written ("question", "answer", "reply", "idea", "idea_comment"), or
    "vote", "flag", "edit", "follow", "moderate"."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Please sign in to write."))
    checks.before_write(user, action)


def require_text(text: str, *, field: str, minimum: int, maximum: int) -> str:
    """The text as it is stored: NUL characters dropped, trimmed, and between `minimum` and `maximum` long."""
    text = (text or "").replace("\x00", "").strip()
    if len(text) < minimum:
        raise ValidationError({field: _("Please write at least %(n)d characters.") % {"n": minimum}}, code="too_short")
    if len(text) > maximum:
        raise ValidationError(
            {field: _("Please keep it under %(n)d characters (now %(len)d).") % {"n": maximum, "len": len(text)}},
            code="too_long",
        )
    return text


def hold_reason(user, action: str, text: str, *, question_id: int | None = None) -> str | None:
    """Why a new post should wait for review before the public sees it (the hold checks other apps
    registered: a new member's first post or links, the spam checker), or None to publish it now.

    The people who review held posts (super users, agents, moderators) are never held themselves.
    `question_id`: the thread an answer or reply goes into (the repeated-link check compares threads).
    """
    if has_super_user_privileges(user):
        return None
    reason = checks.hold_reason(user, action, text, question_id=question_id)
    return str(reason)[:300] if reason else None
