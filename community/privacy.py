"""What every app keeps about a person, gathered for a data export, and wiped when the person is erased.

The foundation knows no app: each app registers, in its `ready()`, an exporter per kind of data it keeps
(`register_exporter("questions", fn)`, `fn(user)` returning a list of plain dicts, one per row, dates as
datetimes) and one eraser (`register_eraser("forum", fn)`, `fn(user, remove_posts)`), as Django's admin
gathers its models. community.accounts builds the zip from the exporters and calls the erasers, in one
transaction, before it anonymises the person's own row (community/accounts/privacy/).

An eraser removes or anonymises what its app keeps about the person: follows, preferences, pending news,
names copied into other rows. With `remove_posts` it also takes the person's posts out of view through its
app's own services (so counts and search stay right); without, the posts stay and show "Deleted member".
It runs while the person's row still has their name, email and handle.
"""

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

Exporter = Callable[[object], list[dict]]
Eraser = Callable[[object, bool], None]

# The name an erased person shows, in the reader's language (their row keeps no name: see accounts.models).
DELETED_MEMBER = _("Deleted member")

_exporters: dict[str, Exporter] = {}
_erasers: dict[str, Eraser] = {}


def register_exporter(name: str, exporter: Exporter) -> None:
    """Add a kind of data to every export: `<name>.json` in the zip, the rows `exporter(user)` returns."""
    _exporters[name] = exporter


def register_eraser(name: str, eraser: Eraser) -> None:
    """Have `eraser(user, remove_posts)` run when a person is erased (registering a name again replaces it)."""
    _erasers[name] = eraser


def exporters() -> dict[str, Exporter]:
    """Every kind of data an export holds, by file name, in a stable order."""
    return dict(sorted(_exporters.items()))


def erasers() -> list[Eraser]:
    return list(_erasers.values())
