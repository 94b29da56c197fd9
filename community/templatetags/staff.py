from django import template

from .. import staff

register = template.Library()


@register.inclusion_tag("includes/staff_menu.html", takes_context=True)
def staff_menu(context):
    """The staff menu in the header: the person's pages now, what waits on them loaded afterwards (htmx)."""
    request = context.get("request")
    pages = staff.pages_for(getattr(request, "user", None))
    return {"entries": [staff.Entry(page) for page in pages], "request": request}
