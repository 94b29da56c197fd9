"""Moderation's news: a member hears, in the app and by email, that they were suspended or silenced (with
the reason and the end), and when it was lifted.

Only the event is read (the moderation app is not imported): the sentence is made in the recipient's
language and time zone when the notification or the email is written.
"""

from datetime import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from community import events

from .. import kinds
from ..services import News
from . import Plan, register

RESTRICTION = "account_restriction"


def member_restricted(event: events.MemberRestricted) -> Plan:
    news = News(
        key=str(event.event_id),
        kind=RESTRICTION,
        title=event.reason[:200],
        url="/",
        group_key=f"restriction:{event.restriction_id}",
        actor_id=event.by_user_id,
        params={"kind": event.kind, "ends_at": event.ends_at.isoformat() if event.ends_at else None},
        excerpt=event.reason[:1000],
    )
    return [(news, [event.user_id])]


def restriction_lifted(event: events.RestrictionLifted) -> Plan:
    news = News(
        key=str(event.event_id),
        kind=RESTRICTION,
        title="",
        url="/",
        group_key=f"restriction:{event.restriction_id}:lifted",
        actor_id=event.by_user_id,
        params={"kind": event.kind, "lifted": True},
    )
    return [(news, [event.user_id])]


def _restriction_text(n, p) -> str:
    from django.utils.translation import gettext

    silenced = p.get("kind") == "silenced"
    if p.get("lifted"):
        if silenced:
            return gettext("You are no longer silenced: you can post, vote and flag again.")
        return gettext("Your suspension is lifted: you can write again.")
    end = ""
    if p.get("ends_at"):
        end = formats.date_format(timezone.localtime(datetime.fromisoformat(p["ends_at"])), "DATETIME_FORMAT")
    if silenced:
        if end:
            return gettext("A moderator silenced you until %(end)s: you cannot post, vote or flag.") % {"end": end}
        return gettext("A moderator silenced you: you cannot post, vote or flag.")
    if end:
        return gettext("A moderator suspended your account until %(end)s: you can read, but not write.") % {"end": end}
    return gettext("A moderator suspended your account: you can read, but not write.")


def connect() -> None:
    label = _("My account is suspended or silenced")
    kinds.register(kinds.Kind(RESTRICTION, label, _restriction_text, email="instant"))
    register(events.MemberRestricted, member_restricted)
    register(events.RestrictionLifted, restriction_lifted)
