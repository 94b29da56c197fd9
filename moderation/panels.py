"""The 'Flag' link under every post (through forum.panels), and the review queue in the staff menu."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from community.staff import StaffPage
from forum import moderatable

from . import selectors


def flag_link(request, post) -> str:
    if request is None or not request.user.is_authenticated:
        return ""
    kind = moderatable.kind_of(post)
    if kind is None or post.is_deleted:
        return ""
    return format_html(
        '<a class="flag-link" href="{}">{}</a>', reverse("moderation:flag", args=[kind.name, post.pk]), _("Flag")
    )


REVIEW_QUEUE = StaffPage(
    code="review_queue",
    label=gettext_lazy("Review queue"),
    url_name="moderation:queue",
    permission="moderation.review_posts",
    waiting=selectors.waiting_count,
    describe=lambda n: ngettext("%(count)d post waits for review", "%(count)d posts wait for review", n) % {"count": n},
    order=10,
)
