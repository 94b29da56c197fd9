from django import template

register = template.Library()


@register.filter
def lookup(mapping, key):
    """`{{ marks|lookup:answer.author_id }}`: a value from a dict, or nothing."""
    if not mapping:
        return None
    return mapping.get(key)


@register.simple_tag(takes_context=True)
def panels(context, place: str, obj):
    """What other apps show at this place of a forum page (follow buttons, linked ideas, ...)."""
    from django.utils.html import format_html_join

    from forum import panels as registry

    return format_html_join("", "{}", ((html,) for html in registry.panels(place, context.get("request"), obj)))
