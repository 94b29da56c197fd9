"""What the helpdesk puts on other apps' pages, through forum.panels and the staff menu (the forum does not
know the helpdesk): the ticket links beside a thread, the escalation button, the webhook log."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy

from community.staff import StaffPage

from . import webhook_selectors
from .webhook_forms import EscalateForm


def ticket_links(request, question) -> str:
    """Beside a thread, for agents, moderators and admins only: its linked tickets and the form to link one.

    Everyone else gets nothing, and the permission is asked first, so their page pays no query for it.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.has_perm("helpdesk.view_ticket_links"):
        return ""
    from .views.tickets import render_panel

    return render_panel(request, question)


def escalate_box(request, question) -> str:
    """For whoever may escalate this thread: its escalation's state, or the button (one query)."""
    if request is None or not request.user.is_authenticated:
        return ""
    if not request.user.has_perm("helpdesk.escalate_thread", question):
        return ""
    context = {
        "question": question,
        "escalation": webhook_selectors.latest_escalation(question.pk),
        # Ticket numbers are for agents and moderators; an asker sees that it went to the helpdesk.
        "show_ticket": request.user.has_perm("helpdesk.view_ticket_links"),
        "form": EscalateForm(),
    }
    return render_to_string("helpdesk/_escalate.html", context, request=request)


WEBHOOK_LOG = StaffPage(
    code="webhook_log",
    label=gettext_lazy("Webhook deliveries"),
    url_name="helpdesk:webhook-log",
    permission="helpdesk.manage_integrations",
    order=80,
)


def connect() -> None:
    from community import staff
    from forum import panels

    panels.register_panel("question_side", ticket_links)
    panels.register_panel("question_actions", escalate_box)
    staff.register(WEBHOOK_LOG)
