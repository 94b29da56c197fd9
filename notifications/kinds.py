"""The kinds of news a person can hear about, with their defaults and their wording.

Each source app's module in plans/ registers the kinds of news it brings (forum, ideas, reputation;
helpdesk and insights to come). News that comes in bursts and
asks for nothing (badges, ranks) can gather in the app into one line per person and day, a kind of its
own registered with `register_daily_line`; its members keep their own preferences and emails.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import get_language


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
