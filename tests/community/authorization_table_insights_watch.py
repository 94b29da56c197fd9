"""The authorization table's entries for watch lists (see authorization_table.py)."""

from insights.models import WatchList

from .authorization_rules import Entry, Perm


def _watch_list(world) -> list[int]:
    """A list each role may try to change or delete (each try is rolled back, so it is there for the next)."""
    watch_list, _ = WatchList.objects.get_or_create(name="Matrix watch", defaults={"terms": ["router"]})
    return [watch_list.pk]


def _form(world, role: str) -> dict:
    return {"name": "Routers", "terms": "router\nStörung", "tags": "wlan", "watchers": [world.people["moderator"].pk]}


WATCH = {
    "insights:watch-create": Entry(Perm("insights.manage_watch_lists"), data=_form),
    "insights:watch-edit": Entry(Perm("insights.manage_watch_lists"), args=_watch_list, data=_form),
    "insights:watch-delete": Entry(Perm("insights.manage_watch_lists"), args=_watch_list),
}
