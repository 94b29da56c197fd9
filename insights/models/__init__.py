from .watch import WatchHit, WatchList  # noqa: F401
