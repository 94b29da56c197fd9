"""API tokens: admins make them (the key shown once, only its hash kept) and revoke them; both are audited."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from community.models import AuditEntry
from helpdesk.models import ApiToken
from helpdesk.services import tokens
from tests.accounts.factories import UserFactory

from .factories import HelpdeskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return UserFactory(roles=["admin"])


def test_a_token_keeps_only_the_hash_of_its_key(admin):
    desk = HelpdeskFactory()
    token, key = tokens.create_token(by=admin, name="Zendesk sidebar", scope="write", helpdesk=desk)
    assert len(key) >= 40
    assert token.key_hash == ApiToken.hash_of(key) and key not in token.key_hash
    assert token.prefix == key[:8] and token.created_by == admin and token.helpdesk == desk
    entry = AuditEntry.objects.get(action="api_token_created")
    assert (entry.actor, entry.data["token"], entry.data["scope"]) == (admin, "Zendesk sidebar", "write")
    assert key not in str(entry.data)


@pytest.mark.parametrize("roles", [[], ["agent"], ["moderator"]])
def test_only_admins_make_or_revoke_tokens(admin, roles):
    someone = UserFactory(roles=roles)
    with pytest.raises(PermissionDenied):
        tokens.create_token(by=someone, name="mine")
    token, _ = tokens.create_token(by=admin, name="theirs")
    with pytest.raises(PermissionDenied):
        tokens.revoke_token(token=token, by=someone)
    assert ApiToken.objects.get().revoked_at is None


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"name": "  "}, "name"), ({"scope": "admin"}, "scope"), ({"requests_per_minute": 0}, "requests_per_minute")],
)
def test_bad_token_settings_are_refused_with_the_field(admin, fields, field):
    with pytest.raises(ValidationError) as refused:
        tokens.create_token(by=admin, **{"name": "x", **fields})
    assert field in refused.value.message_dict
    assert not ApiToken.objects.exists()


def test_revoking_is_recorded_once(admin):
    token, _ = tokens.create_token(by=admin, name="old CRM")
    tokens.revoke_token(token=token, by=admin)
    tokens.revoke_token(token=token, by=admin)
    assert ApiToken.objects.get().revoked_at is not None
    assert AuditEntry.objects.filter(action="api_token_revoked").count() == 1


def test_an_admin_makes_a_token_in_the_admin_and_sees_the_key_once(client, admin):
    desk = HelpdeskFactory()
    client.force_login(admin)
    response = client.post(
        reverse("admin:helpdesk_apitoken_add"),
        {"name": "Freshdesk", "helpdesk": desk.pk, "scope": "read", "requests_per_minute": 60},
        follow=True,
    )
    assert response.status_code == 200
    text = response.content.decode()
    token = ApiToken.objects.get()
    (key,) = re.findall(rf"({re.escape(token.prefix)}[A-Za-z0-9_-]+)", text)
    assert ApiToken.hash_of(key) == token.key_hash
    assert "not shown again" in text
    # The key works, and the next page does not show it.
    assert client.get("/api/helpdesk/webhook-deliveries", headers={"Authorization": f"Bearer {key}"}).status_code == 200
    assert key not in client.get(reverse("admin:helpdesk_apitoken_change", args=[token.pk])).content.decode()
    assert key not in client.get(reverse("admin:helpdesk_apitoken_changelist")).content.decode()


def test_an_admin_revokes_tokens_with_the_action(client, admin):
    first, _ = tokens.create_token(by=admin, name="one")
    second, key = tokens.create_token(by=admin, name="two")
    client.force_login(admin)
    response = client.post(
        reverse("admin:helpdesk_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert ApiToken.objects.filter(revoked_at__isnull=False).count() == 2
    assert client.get("/api/helpdesk/webhook-deliveries", headers={"X-Api-Key": key}).status_code == 401


def test_a_bad_rate_in_the_admin_form_is_shown_on_the_form(client, admin):
    client.force_login(admin)
    response = client.post(
        reverse("admin:helpdesk_apitoken_add"), {"name": "x", "scope": "read", "requests_per_minute": 0}
    )
    assert response.status_code == 200
    assert not ApiToken.objects.exists()
