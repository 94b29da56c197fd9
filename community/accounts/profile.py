"""Sections on a person's profile page that other apps fill in their `ready()` (reputation, badges, ...).

accounts knows no app: an app registers a provider that gets (request, person) and returns HTML
(or "" to show nothing); the profile shows them in registration order.
"""

from collections.abc import Callable

Section = Callable[[object, object], str]
_sections: list[Section] = []


def register_section(provider: Section) -> None:
    if provider not in _sections:
        _sections.append(provider)


def sections(request, person) -> list[str]:
    return [html for provider in _sections if (html := provider(request, person))]
