from .figures import DailyRollup, InsightsSettings  # noqa: F401
