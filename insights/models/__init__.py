from .figures import DailyRollup, InsightsSettings  # noqa: F401
from .mood import PostMood, ThreadMood  # noqa: F401
from .watch import WatchHit, WatchList  # noqa: F401
