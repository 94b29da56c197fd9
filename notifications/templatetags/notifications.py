from django import template
from django.conf import settings

from .. import selectors

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context):
    """The bell in the header, with the unread count; it polls for changes (htmx)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    unread = selectors.unread_count(user) if user is not None and user.is_authenticated else 0
    return {"unread": unread, "poll": settings.NOTIFICATIONS_POLL_SECONDS, "request": request}
