from django import template

from .. import staff

register = template.Library()


@register.inclusion_tag("includes/staff_menu.html", takes_context=True)
def staff_menu(context):
    """The staff menu in the header: the person's pages now, what waits on them loaded afterwards (htmx)."""
    request = context.get("request")
    pages = staff.pages_for(getattr(request, "user", None))
    # At once, and again every minute: a page opened in a background tab asks only once it is seen.
    trigger = f"load, every {staff.POLL_SECONDS}s"
    return {"entries": [staff.Entry(page) for page in pages], "trigger": trigger, "request": request}
