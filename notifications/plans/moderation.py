"""What authors hear from moderation: their post waits for review, was hidden, was approved; a warning.

Plans run in the worker (the fan-out) and read the post through the forum's registry of kinds, so a
post of any kind (a question, an idea comment, ...) is told of the same way.
"""

from django.utils.translation import gettext_lazy as _

from community import events
from forum import moderatable

from .. import kinds
from ..services import News
from . import Plan, register

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
