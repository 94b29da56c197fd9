"""The kinds of news a person can hear about, with their defaults and their wording.

Apps add their own kinds with `register` in `ready()` (ideas, reputation, helpdesk), so the
notifications app needs no change when a new kind of news appears. News that comes in bursts and
asks for nothing (badges, ranks) can gather in the app into one line per person and day, a kind of its
own registered with `register_daily_line`; its members keep their own preferences and emails.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    code: str
    label: Promise
    # The sentence for a notification line, in the language active when it is shown:
    # (count of grouped events, params such as actor, title) -> text.
    describe: Callable[[int, dict], str]
    email: str = "instant"  # default: instant, daily, weekly or off
    in_app: bool = True


_kinds: dict[str, Kind] = {}
_lines: dict[str, str] = {}  # member kind -> the daily line it joins in the app


def in_language(names) -> str:
    """A name given per language ({"en": ..., "de": ...}) in the active language."""
    if not isinstance(names, dict):
        return names or ""
    return names.get((get_language() or "en")[:2]) or names.get("en") or ""


def register(kind: Kind) -> None:
    _kinds[kind.code] = kind


def register_daily_line(line: Kind, members: Iterable[str]) -> None:
    """In the app, news of the member kinds joins one line of kind `line` per person and day.

    The line's `describe` gets, per member kind, the list of what joined it that day (each its title,
    url and params). The line itself is no preference: people choose per member kind.
    """
    _kinds[line.code] = line
    for code in members:
        _lines[code] = line.code


def daily_line(code: str) -> str | None:
    """The daily line that news of this kind joins in the app, if any."""
    return _lines.get(code)


def get(code: str) -> Kind:
    return _kinds[code]


def all_kinds() -> list[Kind]:
    """The kinds a person can choose how to hear about (daily lines are made of these)."""
    lines = set(_lines.values())
    return [kind for code, kind in _kinds.items() if code not in lines]


register(
    Kind(
        "new_answer",
        _("New answers on questions I follow"),
        lambda n, p: (
            ngettext("%(actor)s answered “%(title)s”", "%(count)d new answers on “%(title)s”", n)
            % {"actor": p.get("actor", ""), "count": n, "title": p["title"]}
        ),
    )
)
register(
    Kind(
        "reply",
        _("Replies to what I wrote"),
        lambda n, p: (
            ngettext("%(actor)s replied to you on “%(title)s”", "%(count)d new replies to you on “%(title)s”", n)
            % {"actor": p.get("actor", ""), "count": n, "title": p["title"]}
        ),
    )
)
register(
    Kind(
        "accepted",
        _("My answer was accepted"),
        lambda n, p: (
            ngettext("Your answer on “%(title)s” was accepted", "Your answers on “%(title)s” were accepted", n)
            % {"title": p["title"]}
        ),
    )
)
register(
    Kind(
        "mention",
        _("Someone mentioned me"),
        lambda n, p: (
            ngettext("%(actor)s mentioned you on “%(title)s”", "You were mentioned %(count)d times on “%(title)s”", n)
            % {"actor": p.get("actor", ""), "count": n, "title": p["title"]}
        ),
    )
)
register(
    Kind(
        "new_question",
        _("New questions in categories and tags I follow"),
        lambda n, p: (
            ngettext("New question in “%(category)s”: “%(title)s”", "%(count)d new questions in “%(category)s”", n)
            % {"count": n, "title": p["title"], "category": in_language(p.get("category"))}
        ),
        email="daily",
    )
)
register(
    Kind(
        "vote_milestone",
        _("My posts reached a number of votes"),
        lambda n, p: (
            _("Your post on “%(title)s” reached %(votes)s votes") % {"title": p["title"], "votes": p.get("votes", "")}
        ),
        email="weekly",
    )
)
