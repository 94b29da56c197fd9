"""What the helpdesk shows on forum pages (through forum.panels) and its page in the staff menu."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy, ngettext

from community.staff import StaffPage

from . import selectors

AGENT_QUEUE = StaffPage(
    code="agent_queue",
    label=gettext_lazy("Agent queue"),
    url_name="helpdesk:queue",
    permission="helpdesk.view_agent_queue",
    waiting=selectors.open_item_count,
    describe=lambda n: (
        ngettext("%(count)d thread waits for an agent", "%(count)d threads wait for an agent", n) % {"count": n}
    ),
    order=20,
)

OFFERED_QUESTIONS = StaffPage(
    code="offered_questions",
    label=gettext_lazy("Questions for you"),
    url_name="helpdesk:offers",
    permission="helpdesk.view_offers",
    waiting=selectors.open_offer_count,
    describe=lambda n: (
        ngettext("%(count)d question waits for your answer", "%(count)d questions wait for your answer", n)
        % {"count": n}
    ),
    order=25,
)


def still_broken(request, question) -> str:
    """Above a solved thread, for its asker only: "Still broken? Tell the team" (no query for anyone else)."""
    user = getattr(request, "user", None)
    if user is None or user.pk is None or user.pk != question.author_id or not question.is_solved:
        return ""
    if question.is_deleted or not user.has_perm("helpdesk.report_still_broken", question):
        return ""
    from .views.still_broken import StillBrokenForm

    form = StillBrokenForm(auto_id="still-broken-%s")
    context = {"question": question, "reported": selectors.open_still_broken(question.pk), "form": form}
    return render_to_string("helpdesk/_still_broken_panel.html", context, request=request)
