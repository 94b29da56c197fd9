import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from community.models import AuditEntry
from helpdesk import services
from helpdesk.models import Ticket, TicketLink
from tests.accounts.factories import UserFactory
from tests.forum.factories import QuestionFactory

from .factories import HelpdeskFactory

pytestmark = pytest.mark.django_db


def test_an_agent_links_a_ticket_and_the_audit_log_says_who(django_capture_on_commit_callbacks):
    agent, question, desk = UserFactory(roles=["agent"]), QuestionFactory(), HelpdeskFactory(slug="zendesk")
    with django_capture_on_commit_callbacks(execute=True):
        link = services.link_ticket(question=question, helpdesk=desk, external_id=" #4711 ", by=agent)
    assert (link.ticket.external_id, link.question, link.linked_by) == ("4711", question, agent)
    entry = AuditEntry.objects.get(action="ticket_linked")
    assert (entry.actor, entry.data["ticket"], entry.data["question_id"]) == (agent, "4711", question.pk)


def test_the_same_ticket_twice_on_a_thread_is_refused():
    agent, question, desk = UserFactory(roles=["agent"]), QuestionFactory(), HelpdeskFactory()
    services.link_ticket(question=question, helpdesk=desk, external_id="4711", by=agent)
    with pytest.raises(ValidationError) as refused:
        services.link_ticket(question=question, helpdesk=desk, external_id="4711", by=agent)
    assert "already" in str(refused.value)
    assert TicketLink.objects.count() == 1


def test_one_ticket_links_several_threads_and_unlinking_is_recorded():
    agent, desk = UserFactory(roles=["agent"]), HelpdeskFactory()
    first = services.link_ticket(question=QuestionFactory(), helpdesk=desk, external_id="9", by=agent)
    services.link_ticket(question=QuestionFactory(), helpdesk=desk, external_id="9", by=agent)
    assert Ticket.objects.count() == 1
    services.unlink_ticket(link=first, by=agent)
    services.unlink_ticket(link=first, by=agent)  # a double click
    assert TicketLink.objects.count() == 1
    assert AuditEntry.objects.filter(action="ticket_unlinked").count() == 1


@pytest.mark.parametrize("roles", [[], ["super user"]])
def test_members_and_super_users_cannot_link(roles):
    with pytest.raises(PermissionDenied):
        services.link_ticket(
            question=QuestionFactory(), helpdesk=HelpdeskFactory(), external_id="1", by=UserFactory(roles=roles)
        )


@pytest.mark.parametrize("bad", ["", "   ", "x" * 65, "12<script>", "a b"])
def test_a_bad_ticket_number_is_refused_with_a_reason(bad):
    with pytest.raises(ValidationError) as refused:
        services.link_ticket(
            question=QuestionFactory(), helpdesk=HelpdeskFactory(), external_id=bad, by=UserFactory(roles=["agent"])
        )
    assert "ticket" in refused.value.message_dict


def test_a_status_report_changes_the_ticket_once():
    desk = HelpdeskFactory()
    ticket = services.set_ticket_status(helpdesk=desk, external_id="4711", status="solved")
    again = services.set_ticket_status(helpdesk=desk, external_id="4711", status="solved")
    assert ticket.status == again.status == "solved"
    with pytest.raises(ValidationError):
        services.set_ticket_status(helpdesk=desk, external_id="4711", status="closed-ish")
