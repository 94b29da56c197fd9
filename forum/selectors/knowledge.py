"""The knowledge base: articles as lists and their pages show them."""

from ..models import Article, ArticleFeedback
from .categories import audiences


def articles(user, *, category=None, tag=None):
    """Published articles this person may read, most recently reviewed first."""
    found = Article.objects.filter(status=Article.Status.PUBLISHED, category__audience__in=audiences(user))
    if category is not None:
        found = found.filter(category=category)
    if tag is not None:
        found = found.filter(tags=tag)
    return found.select_related("category").order_by("-updated_at", "-id")


def article_detail(user, pk: int):
    """An article this person may read (retired ones too: the view tells readers where to go), with its
    thread and the answer's author for the credit line; None when there is none."""
    return (
        Article.objects.select_related("category", "question", "answer__author")
        .defer("question__body", "question__body_html", "answer__body", "answer__body_html")
        .filter(pk=pk, category__audience__in=audiences(user))
        .first()
    )


def own_article_feedback(user, article) -> bool | None:
    """A member's own answer to 'Was this helpful?' (None: none yet, or signed out), to show it as chosen."""
    if not user.is_authenticated:
        return None
    return ArticleFeedback.objects.filter(article=article, user=user).values_list("helpful", flat=True).first()
