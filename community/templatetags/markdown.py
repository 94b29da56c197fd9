from django import template
from django.utils.safestring import SafeString

from community import markdown as renderer

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """Text an admin or a member wrote, as safe HTML (see community/markdown.py)."""
    return renderer.render(text)
