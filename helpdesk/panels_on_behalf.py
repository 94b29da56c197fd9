"""Where agents find "post for a customer": a link above each open thread, and a page in the staff menu."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from community import staff
from community.accounts.permissions import has_agent_privileges

ASK_FOR_A_CUSTOMER = staff.StaffPage(
    code="on_behalf_ask",
    label=_("Ask for a customer"),
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
