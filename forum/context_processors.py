from . import selectors


def announcement(request) -> dict:
    """The site-wide banner, when a moderator announced something (cached)."""
    return {"announcement": selectors.announcement()}
