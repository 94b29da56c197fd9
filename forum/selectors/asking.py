"""Reads of the ask page: where a suggested question or article leads."""

from ..models import Category, SearchDocument
from ..search.similar import urls_of


def suggestion_url(user, document_id: int) -> str | None:
    """The address of a suggested question or article this person may open; None when it is gone or not theirs."""
    document = SearchDocument.objects.filter(pk=document_id).first()
    if document is None:
        return None
    url = urls_of([document]).get((document.kind, document.object_id))
    category = Category.objects.filter(pk=document.category_id).first()
    if url is None or category is None or not user.has_perm("forum.view_category", category):
        return None
    return url
