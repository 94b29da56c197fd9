from django import template

register = template.Library()


@register.filter
def lookup(mapping, key):
    """`{{ marks|lookup:answer.author_id }}`: a value from a dict, or nothing."""
    if not mapping:
        return None
    return mapping.get(key)
