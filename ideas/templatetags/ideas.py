from django import template

from ..models import Idea

register = template.Library()


@register.filter
def status_label(code: str) -> str:
    """`{{ idea.status|status_label }}`: the status's name in the reader's language."""
    return Idea.Status(code).label if code in Idea.Status.values else ""


@register.filter
def lookup(mapping, key):
    """`{{ page.author_marks|lookup:comment.author_id }}`: a value from a dict or set membership, or nothing."""
    if not mapping:
        return None
    if isinstance(mapping, set | frozenset):
        return key in mapping
    return mapping.get(key)
