"""The forum's data, by concern: posts (questions, answers, replies, votes, revisions), the knowledge
base, the search index, and where imported posts came from."""

from .imports import ImportedObject
from .instant import InstantAnswer, InstantVerdict
from .knowledge import Article, ArticleFeedback, ArticleRevision
from .posts import (
    BODY_MAX,
    REPLY_MAX,
    TITLE_MAX,
    TITLE_MIN,
    Answer,
    Category,
    Post,
    Question,
    Reply,
    Revision,
    Vote,
)
from .search import AskSession, SearchDocument, SearchPosting, SearchWord

__all__ = [
    "BODY_MAX",
    "REPLY_MAX",
    "TITLE_MAX",
    "TITLE_MIN",
    "Answer",
    "Article",
    "ArticleFeedback",
    "ArticleRevision",
    "AskSession",
    "Category",
    "ImportedObject",
    "InstantAnswer",
    "InstantVerdict",
    "Post",
    "Question",
    "Reply",
    "Revision",
    "SearchDocument",
    "SearchPosting",
    "SearchWord",
    "Vote",
]
