"""What the helpdesk puts on other apps' pages, through forum.panels and the staff menu (the forum does not
know the helpdesk): the ticket links and the escalation button beside a thread, "still broken" for the
asker, and its pages in the staff menu with what waits there."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy, ngettext

from community.accounts.permissions import has_agent_privileges
from community.staff import StaffPage

from .forms.webhooks import EscalateForm
from .selectors import routing as selectors
from .selectors import webhooks as webhook_selectors


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


ASK_FOR_A_CUSTOMER = StaffPage(
    code="on_behalf_ask",
    label=gettext_lazy("Ask for a customer"),
    url_name="helpdesk:on-behalf-ask",
    permission="helpdesk.post_on_behalf",
    order=60,
)


def answer_for_a_customer(request, question) -> str:
    """Above a thread that takes answers, for agents, moderators and admins: answer it for a customer."""
    user = getattr(request, "user", None)
    # The role first: it is read from the groups loaded with the person, so members cost no query here.
    if user is None or not user.is_authenticated or not has_agent_privileges(user):
        return ""
    if not question.accepts_answers or not user.has_perm("helpdesk.post_on_behalf"):
        return ""
    return render_to_string("helpdesk/on_behalf_link.html", {"question": question})


def connect() -> None:
    from community import staff
    from forum import panels

    panels.register_panel("question_side", ticket_links)
    panels.register_panel("question_actions", escalate_box)
    panels.register_panel("question_actions", still_broken)
    panels.register_panel("question_actions", answer_for_a_customer)
    for page in (AGENT_QUEUE, OFFERED_QUESTIONS, ASK_FOR_A_CUSTOMER, WEBHOOK_LOG):
        staff.register(page)
