from django import template

from forum.templatetags.forum import lookup

from ..models import Idea

register = template.Library()


@register.filter
def status_label(code: str) -> str:
    """`{{ idea.status|status_label }}`: the status's name in the reader's language."""
    return Idea.Status(code).label if code in Idea.Status.values else ""


# The forum's, so idea templates that load only `ideas` have it too.
register.filter("lookup", lookup)
