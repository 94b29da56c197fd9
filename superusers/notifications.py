"""Badges, ranks and the program, told through the notifications app."""

from django.utils.translation import gettext_lazy as _

from community import events
from community.notifications import kinds, plans
from community.notifications.services import News

from .badges import BADGES


def _badge_name(code: str) -> str:
    badge = BADGES.get(code)
    return str(badge.name) if badge else code


def badge_awarded(event: dict) -> plans.Plan:
    news = News(
        key=str(event["event_id"]),
        kind="badge",
        title=event["badge"],
        url=f"/badges/{event['badge']}/",
        group_key=f"badge:{event['badge']}",
        params={"badge": event["badge"]},
    )
    return [(news, [event["user_id"]])]


def rank_reached(event: dict) -> plans.Plan:
    news = News(
        key=str(event["event_id"]),
        kind="rank",
        title=event["rank"],
        url="/leaderboard/",
        group_key=f"rank:{event['rank']}",
    )
    return [(news, [event["user_id"]])]


def program(event: dict, promoted: bool) -> plans.Plan:
    news = News(
        key=str(event["event_id"]),
        kind="program",
        title=event.get("note", "")[:200],
        url="/c/super-users/",
        group_key=f"program:{event['event_id']}",
        params={"promoted": promoted},
    )
    return [(news, [event["user_id"]])]


def _badge_text(n, p):
    from django.utils.translation import gettext

    return gettext("You earned the badge “%(badge)s”") % {"badge": _badge_name(p.get("badge", ""))}


def _rank_text(n, p):
    from django.utils.translation import gettext

    return gettext("You reached the rank “%(rank)s”") % {"rank": p["title"]}


def _program_text(n, p):
    from django.utils.translation import gettext

    if p.get("promoted"):
        return gettext("Welcome to the super users! Your new rights and the private category are open now.")
    return gettext("You are no longer a super user. Thank you for all your help.")


def connect() -> None:
    kinds.register(kinds.Kind("badge", _("I earned a badge"), _badge_text, email="weekly"))
    kinds.register(kinds.Kind("rank", _("I reached a new rank"), _rank_text, email="off"))
    kinds.register(kinds.Kind("program", _("The super-user program"), _program_text, email="instant"))
    plans.register(events.BadgeAwarded, badge_awarded)
    plans.register(events.RankReached, rank_reached)
    plans.register(events.SuperUserPromoted, lambda e: program(e, True))
    plans.register(events.SuperUserDemoted, lambda e: program(e, False))
