"""Insights' news: the watchers of a watch list hear of a new post that matches it.

Plans run in the worker (the fan-out); reads cross into insights and the forum, writes stay here.
"""


def connect() -> None:
    pass
