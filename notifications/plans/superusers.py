"""Reputation's news: badges, ranks and the super-user program, and who hears of each.

A new member earns several badges and a rank in their first days; in the app these gather into one
line a day ("You earned 2 badges and reached the rank …"), so the bell stays for replies, answers,
mentions and what they follow. Each badge and rank keeps its own delivery (told once) and email choice.
"""

from django.utils.translation import gettext_lazy as _

from community import events
from superusers.badges import BADGES
from superusers.models import Rank

from .. import kinds
from ..services import News
from . import Plan, register


def _badge_name(code: str) -> str:
    badge = BADGES.get(code)
    return str(badge.name) if badge else code


def badge_awarded(event: events.BadgeAwarded) -> Plan:
    news = News(
        key=str(event.event_id),
        kind="badge",
        title=event.badge,
        url=f"/badges/{event.badge}/",
        group_key=f"badge:{event.badge}",
        params={"badge": event.badge},
    )
    return [(news, [event.user_id])]


def rank_reached(event: events.RankReached) -> Plan:
    rank = Rank.objects.filter(name_en=event.rank).values("name_en", "name_de", "threshold").first() or {}
    news = News(
        key=str(event.event_id),
        kind="rank",
        title=event.rank,
        url="/leaderboard/",
        group_key=f"rank:{event.rank}",
        params={
            "names": {"en": rank.get("name_en") or event.rank, "de": rank.get("name_de") or ""},
            "threshold": rank.get("threshold", 0),
        },
    )
    return [(news, [event.user_id])]


def program(event: events.SuperUserPromoted | events.SuperUserDemoted) -> Plan:
    news = News(
        key=str(event.event_id),
        kind="program",
        title=event.note[:200],
        url="/c/super-users/",
        group_key=f"program:{event.event_id}",
        params={"promoted": isinstance(event, events.SuperUserPromoted)},
    )
    return [(news, [event.user_id])]


def _badge_text(n, p):
    from django.utils.translation import gettext

    return gettext("You earned the badge “%(badge)s”") % {"badge": _badge_name(p.get("badge", ""))}


def _rank_name(p: dict) -> str:
    return kinds.in_language(p.get("names")) or p.get("title", "")


def _rank_text(n, p):
    from django.utils.translation import gettext

    return gettext("You reached the rank “%(rank)s”") % {"rank": _rank_name(p)}


def _reputation_day_text(n, p):
    """The day's line: the badges earned and the highest rank reached, in one sentence."""
    from django.utils.translation import gettext, ngettext

    badges, ranks = p.get("badge", []), p.get("rank", [])
    values = {
        "count": len(badges),
        "badge": _badge_name(badges[0].get("badge", "")) if badges else "",
        # The highest rank of the day (two workers may have added them in either order).
        "rank": _rank_name(max(ranks, key=lambda item: item.get("threshold", 0))) if ranks else "",
    }
    if badges and ranks:
        return (
            ngettext(
                "You earned the badge “%(badge)s” and reached the rank “%(rank)s”",
                "You earned %(count)d badges and reached the rank “%(rank)s”",
                len(badges),
            )
            % values
        )
    if badges:
        return ngettext("You earned one badge: “%(badge)s”", "You earned %(count)d badges", len(badges)) % values
    return gettext("You reached the rank “%(rank)s”") % values


def _program_text(n, p):
    from django.utils.translation import gettext

    if p.get("promoted"):
        return gettext("Welcome to the super users! Your new rights and the private category are open now.")
    return gettext("You are no longer a super user. Thank you for all your help.")


def connect() -> None:
    kinds.register(kinds.Kind("badge", _("I earned a badge"), _badge_text, email="weekly"))
    kinds.register(kinds.Kind("rank", _("I reached a new rank"), _rank_text, email="off"))
    kinds.register_daily_line(
        kinds.Kind("reputation", _("My badges and ranks, one line a day"), _reputation_day_text, email="off"),
        members=["badge", "rank"],
    )
    kinds.register(kinds.Kind("program", _("The super-user program"), _program_text, email="instant"))
    register(events.BadgeAwarded, badge_awarded)
    register(events.RankReached, rank_reached)
    register(events.SuperUserPromoted, program)
    register(events.SuperUserDemoted, program)
