from django import template

register = template.Library()


@register.filter
def lookup(mapping, key):
    """`{{ marks|lookup:answer.author_id }}`: a value from a dict, or whether a set holds the key; else nothing."""
    if not mapping:
        return None
    if isinstance(mapping, set | frozenset):
        return key in mapping
    return mapping.get(key)


@register.simple_tag(takes_context=True)
def panels(context, place: str, obj):
    """What other apps show at this place of a forum page (follow buttons, linked ideas, ...)."""
    from django.utils.html import format_html_join

    from forum import panels as registry

    return format_html_join("", "{}", ((html,) for html in registry.panels(place, context.get("request"), obj)))


@register.simple_tag
def source_credit(item):
    """The credit an imported post's licence asks for: its author (linked to their profile), where it was
    first posted, and the licence (linked to its text)."""
    from django.utils.html import format_html
    from django.utils.translation import gettext

    from forum.importers.attribution import licence_url

    author = item.source_author or gettext("an unknown author")
    if item.source_author_url:
        author = format_html('<a href="{}" rel="nofollow noopener">{}</a>', item.source_author_url, author)
    source = format_html('<a href="{}" rel="nofollow noopener">{}</a>', item.source_url, item.source_url)
    licence = item.source_licence or "CC BY-SA"
    if url := licence_url(licence):
        licence = format_html('<a href="{}" rel="license noopener">{}</a>', url, licence)
    return format_html(
        gettext("Originally posted by {author} at {source}, licensed under {licence}."),
        author=author,
        source=source,
        licence=licence,
    )
