"""The pages of the people who tend the community, gathered in one menu with what waits on each.

community knows no app: each app registers its pages in `ready()` with the permission that opens them
and, where something waits there, a count for one person. Which pages a person sees costs no query (the
rules read the roles loaded with the person); the counts are asked for separately (the header loads them
with htmx, per person, never into a rendering kept for others).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise

from community.accounts.models import Role

POLL_SECONDS = 60  # the menu's counts are asked for again this often while the page is open


@dataclass(frozen=True)
class StaffPage:
    code: str
    label: Promise
    url_name: str
    permission: str  # a `rules` permission: who sees the page in the menu (the page checks it again)
    query: str = ""  # added to the address, e.g. "sort=unanswered"
    # What waits there for this person, and the words for it ("3 open flags"); None: nothing is counted.
    waiting: Callable[[object], int] | None = None
    describe: Callable[[int], str] | None = None
    order: int = 50

    @property
    def url(self) -> str:
        address = reverse(self.url_name)
        return f"{address}?{self.query}" if self.query else address


@dataclass(frozen=True)
class Entry:
    page: StaffPage
    count: int | None = None

    @property
    def waiting_text(self) -> str:
        return self.page.describe(self.count) if self.count and self.page.describe else ""


_pages: dict[str, StaffPage] = {}


def register(page: StaffPage) -> None:
    """Add a page to the menu (registering a code again replaces it); its permission needs a role above member
    (a super user, an agent, a moderator, an admin): members see no menu."""
    _pages[page.code] = page


def pages_for(user) -> list[StaffPage]:
    """The pages this person's roles open, in menu order; empty for members, so they see no menu."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if not user.is_superuser and user.role_names <= {Role.MEMBER.value}:
        # Every page here is for a role above member (see `register`): most readers have none, and asking
        # each page's rule for them cost more than the rest of the header.
        return []
    return [page for page in sorted(_pages.values(), key=lambda p: (p.order, p.code)) if user.has_perm(page.permission)]


def entries_for(user) -> list[Entry]:
    """The person's pages with what waits on each for them (one query per counted page)."""
    return [Entry(page, page.waiting(user) if page.waiting else None) for page in pages_for(user)]
