"""The 'Flag' link under every post (through forum.panels)."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _


def flag_link(request, post) -> str:
    if request is None or not request.user.is_authenticated:
        return ""
    kind = type(post).__name__.lower()
    return format_html(
        '<a class="flag-link" href="{}">{}</a>', reverse("moderation:flag", args=[kind, post.pk]), _("Flag")
    )
