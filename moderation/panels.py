"""The 'Flag' link under every post (through forum.panels), and the review queue in the staff menu."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from community.staff import StaffPage

from . import selectors


def flag_link(request, post) -> str:
    if request is None or not request.user.is_authenticated:
        return ""
    kind = type(post).__name__.lower()
    return format_html(
        '<a class="flag-link" href="{}">{}</a>', reverse("moderation:flag", args=[kind, post.pk]), _("Flag")
    )


REVIEW_QUEUE = StaffPage(
    code="review_queue",
    label=gettext_lazy("Review queue"),
    url_name="moderation:queue",
    permission="moderation.handle_flags",
    waiting=selectors.open_flag_count,
    describe=lambda n: ngettext("%(count)d open flag", "%(count)d open flags", n) % {"count": n},
    order=10,
)
