"""Moderation's news. Authors hear that their post waits for review, was hidden or approved, or that a
moderator warned them; a member hears, in the app and by email, that they were suspended or silenced
(with the reason and the end), and when that was lifted.

Plans run in the worker (the fan-out) and read a post through the forum's registry of kinds, so a post
of any kind (a question, an idea comment, ...) is told of the same way; the moderation app itself is not
imported. Sentences are made in the recipient's language and time zone when they are written.
"""

from datetime import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from community import events
from forum import moderatable

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


def _connect_restrictions() -> None:
    label = _("My account is suspended or silenced")
    kinds.register(kinds.Kind(RESTRICTION, label, _restriction_text, email="instant"))
    register(events.MemberRestricted, member_restricted)
    register(events.RestrictionLifted, restriction_lifted)


HELD, HIDDEN, APPROVED, WARNED = "post_held", "post_hidden", "post_approved", "author_warned"


def _news(event, code: str, *, actor_id=None, excerpt: str = "", **params) -> Plan:
    kind, post = moderatable.find(event.kind, event.object_id)
    if post is None:
        return []
    news = News(
        key=str(event.event_id),
        kind=code,
        title=kind.title(post),
        url=kind.url(post),
        group_key=f"moderation:{event.kind}:{event.object_id}:{code}",
        actor_id=actor_id,
        params=params,
        excerpt=(excerpt or post.body)[:300],
    )
    return [(news, [event.author_id])]


def held(event: events.PostHeld) -> Plan:
    return _news(event, HELD, reason=event.reason)


def hidden(event: events.PostHidden) -> Plan:
    return _news(event, HIDDEN, actor_id=event.by_user_id, reason=event.reason)


def approved(event: events.PostApproved) -> Plan:
    if event.was not in ("held", "hidden"):
        return []  # flags on a public post were dismissed: nothing changed for its author
    return _news(event, APPROVED, actor_id=event.by_user_id, was=event.was)


def warned(event: events.AuthorWarned) -> Plan:
    return _news(event, WARNED, actor_id=event.by_user_id, excerpt=event.message, message=event.message[:300])


def _describe(sentence, because=None, key: str = "reason"):
    """The line's sentence; with `because`, the one that also says why (the reason, the moderator's words)."""

    def describe(count: int, params: dict) -> str:
        values = {"title": params.get("title", ""), "why": params.get(key, "")}
        return str(because if because and values["why"] else sentence) % values

    return describe


def connect() -> None:
    kinds.register(
        kinds.Kind(
            HELD,
            _("My post waits for review"),
            _describe(_("Your post on “%(title)s” waits for review")),
            email="off",
        )
    )
    kinds.register(
        kinds.Kind(
            HIDDEN,
            _("My post was hidden"),
            _describe(_("Your post on “%(title)s” was hidden"), _("Your post on “%(title)s” was hidden: %(why)s")),
        )
    )
    kinds.register(
        kinds.Kind(
            APPROVED,
            _("My post was approved"),
            _describe(_("Your post on “%(title)s” is approved and public")),
            email="off",
        )
    )
    kinds.register(
        kinds.Kind(
            WARNED,
            _("A moderator warned me"),
            _describe(
                _("A moderator wrote to you about “%(title)s”"),
                _("A moderator wrote to you about “%(title)s”: “%(why)s”"),
                key="message",
            ),
        )
    )
    register(events.PostHeld, held)
    register(events.PostHidden, hidden)
    register(events.PostApproved, approved)
    register(events.AuthorWarned, warned)
    _connect_restrictions()
