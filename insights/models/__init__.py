from .mood import PostMood  # noqa: F401
