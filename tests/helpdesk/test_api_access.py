"""The API's door: tokens (401), scopes (403), tokens bound to a helpdesk, unknown systems, rates (429)."""

import time
from datetime import timedelta

import pytest

from helpdesk.models import ApiToken, Ticket, TicketLink
from helpdesk.services import tokens
from tests.forum.factories import QuestionFactory

from .api_support import API, bearer
from .factories import HelpdeskFactory, TicketFactory, TicketLinkFactory

pytestmark = pytest.mark.django_db


# Tokens: 401 without a good one, 403 for a read token that writes


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer not-a-token"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer " + "x" * 5000},
        {"X-Api-Key": "garbled"},
    ],
)
def test_a_missing_or_garbled_token_gets_401_with_a_reason(client, headers):
    response = client.get(f"{API}/webhook-deliveries", headers=headers)
    assert response.status_code == 401
    assert response.json()["detail"]


def test_a_revoked_token_gets_401_and_says_so(client, admin, read_key):
    tokens.revoke_token(token=ApiToken.objects.get(), by=admin)
    response = client.get(f"{API}/webhook-deliveries", headers=bearer(read_key))
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_the_key_header_works_as_well_as_bearer(client, read_key):
    assert client.get(f"{API}/webhook-deliveries", headers={"X-Api-Key": read_key}).status_code == 200


def test_the_reason_comes_in_the_callers_language(client):
    response = client.get(f"{API}/webhook-deliveries", headers={"Accept-Language": "de", "X-Api-Key": "nope"})
    assert response.status_code == 401
    assert response["Content-Language"] == "de"  # the reasons are gettext msgids, given in that language


def test_use_is_noted_at_most_once_a_minute(client, read_key):
    client.get(f"{API}/webhook-deliveries", headers=bearer(read_key))
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    client.get(f"{API}/webhook-deliveries", headers=bearer(read_key))
    assert ApiToken.objects.get().last_used_at == first
    ApiToken.objects.update(last_used_at=first - timedelta(minutes=2))
    client.get(f"{API}/webhook-deliveries", headers=bearer(read_key))
    assert ApiToken.objects.get().last_used_at > first


@pytest.mark.parametrize("write", ["link", "unlink", "status"])
def test_a_read_token_that_writes_gets_403_and_nothing_changes(client, read_key, write):
    desk, question = HelpdeskFactory(), QuestionFactory()
    TicketLinkFactory(ticket=TicketFactory(helpdesk=desk, external_id="4711"), question=question)
    ticket_url = f"{API}/tickets/{desk.slug}/4711"
    if write == "link":
        response = client.post(
            f"{ticket_url}/links", {"question_id": QuestionFactory().pk}, "application/json", headers=bearer(read_key)
        )
    elif write == "unlink":
        response = client.delete(f"{ticket_url}/links/{question.pk}", headers=bearer(read_key))
    else:
        response = client.post(
            f"{ticket_url}/status", {"status": "solved"}, "application/json", headers=bearer(read_key)
        )
    assert response.status_code == 403
    assert "write" in response.json()["detail"]
    assert TicketLink.objects.count() == 1
    assert Ticket.objects.get().status == ""


def test_a_token_bound_to_a_helpdesk_acts_on_its_own_tickets_only(client, make_token):
    own, other = HelpdeskFactory(slug="zendesk"), HelpdeskFactory(slug="otrs")
    key = make_token("write", helpdesk=own)
    question = QuestionFactory()
    refused = client.post(
        f"{API}/tickets/otrs/1/links",
        {"question_id": question.pk},
        content_type="application/json",
        headers=bearer(key),
    )
    assert refused.status_code == 403
    assert "zendesk" in refused.json()["detail"]
    allowed = client.post(
        f"{API}/tickets/zendesk/1/links",
        {"question_id": question.pk},
        content_type="application/json",
        headers=bearer(key),
    )
    assert allowed.status_code == 201
    assert not Ticket.objects.filter(helpdesk=other).exists()


def test_an_unbound_token_acts_on_any_helpdesk(client, write_key):
    for slug in ("zendesk", "otrs"):
        HelpdeskFactory(slug=slug)
        response = client.post(
            f"{API}/tickets/{slug}/7/status",
            {"status": "open"},
            content_type="application/json",
            headers=bearer(write_key),
        )
        assert response.status_code == 200


def test_an_unknown_system_gets_404_with_a_reason(client, read_key):
    response = client.get(f"{API}/tickets/nosuchdesk/4711/threads", headers=bearer(read_key))
    assert response.status_code == 404
    assert "nosuchdesk" in response.json()["detail"]


# Rate limit


def test_past_its_rate_a_token_gets_429_with_retry_after(client, make_token):
    key = make_token("read", requests_per_minute=3)
    statuses = [client.get(f"{API}/webhook-deliveries", headers=bearer(key)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    before = time.time()
    refused = client.get(f"{API}/webhook-deliveries", headers=bearer(key))
    after = time.time()
    # The rate counts per clock minute: the wait is what is left of the minute the request fell in.
    left = [60 - int(moment) % 60 for moment in (before, after)]
    assert min(left) - 1 <= int(refused["Retry-After"]) <= max(left) + 1
    assert refused.json()["detail"]


def test_each_token_has_its_own_rate(client, make_token):
    slow, other = make_token("read", requests_per_minute=1), make_token("read")
    client.get(f"{API}/webhook-deliveries", headers=bearer(slow))
    assert client.get(f"{API}/webhook-deliveries", headers=bearer(slow)).status_code == 429
    assert client.get(f"{API}/webhook-deliveries", headers=bearer(other)).status_code == 200


# Search
