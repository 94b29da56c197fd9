"""Suspending and silencing: who may, what the member reads (banner, mail), lifting, ending by itself,
the audit log, and bad input refused with nothing changed."""

import re
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from community.accounts.models import Role
from community.models import AuditEntry
from moderation import suspensions
from moderation.models import Restriction
from notifications.models import Notification
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

REASON = "Three adverts for watches in one hour."


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def restrict(person, by=None, kind="suspended", ends_at="1w", reason=REASON):
    by = by or UserFactory(roles=[Role.MODERATOR])
    if ends_at == "1w":
        ends_at = timezone.now() + timedelta(weeks=1)
    return suspensions.restrict_member(person=person, by=by, kind=kind, reason=reason, ends_at=ends_at)


def suspend_page(handle: str) -> str:
    return reverse("moderation:suspend", args=[handle])


def test_a_moderator_suspends_a_member_for_a_week_through_the_page(client):
    moderator, member = UserFactory(roles=[Role.MODERATOR]), UserFactory(display_name="Sam Spammer")
    client.force_login(moderator)
    page = client.get(suspend_page(member.handle))
    assert page.status_code == 200 and "Suspend or silence Sam Spammer" in page.text
    response = client.post(
        suspend_page(member.handle), {"kind": "suspended", "duration": "1w", "reason": REASON}, follow=True
    )
    assert "Sam Spammer is suspended." in response.text
    restriction = Restriction.objects.get(user=member)
    assert (restriction.kind, restriction.by, restriction.reason) == ("suspended", moderator, REASON)
    assert timedelta(days=6, hours=23) < restriction.ends_at - timezone.now() <= timedelta(weeks=1)
    entry = AuditEntry.objects.get(action="member_suspended")
    assert (entry.actor, entry.subject, entry.note) == (moderator, member, REASON)
    assert entry.data["restriction"] == restriction.pk


def test_a_custom_end_and_for_good(client):
    moderator, member, other = UserFactory(roles=[Role.MODERATOR]), UserFactory(), UserFactory()
    client.force_login(moderator)
    end = (timezone.localtime() + timedelta(days=3)).replace(second=0, microsecond=0)
    client.post(
        suspend_page(member.handle),
        {"kind": "silenced", "duration": "until", "until": end.strftime("%Y-%m-%dT%H:%M"), "reason": REASON},
    )
    assert Restriction.objects.get(user=member).ends_at == end
    client.post(suspend_page(other.handle), {"kind": "suspended", "duration": "forever", "reason": REASON})
    assert Restriction.objects.get(user=other).ends_at is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "suspended", "duration": "1w", "reason": "  "}, "Please give a reason: the member reads it."),
        ({"kind": "suspended", "duration": "until", "until": "2001-01-01T10:00", "reason": REASON}, "in the future"),
        ({"kind": "suspended", "duration": "until", "until": "", "reason": REASON}, "Choose the end"),
        ({"kind": "banished", "duration": "1w", "reason": REASON}, "Select a valid choice"),
        ({"kind": "suspended", "duration": "1w", "reason": "x" * 1001}, "at most 1000 characters"),
    ],
)
def test_bad_input_is_refused_with_the_reason_and_keeps_what_was_typed(client, data, message):
    member = UserFactory()
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    response = client.post(suspend_page(member.handle), data)
    assert response.status_code == 422
    assert message in response.text
    if data["reason"].strip():
        assert data["reason"][:50] in response.text
    assert not Restriction.objects.exists() and not AuditEntry.objects.exists()


def test_the_services_refuse_a_missing_reason_and_a_past_end():
    member = UserFactory()
    with pytest.raises(ValidationError) as missing:
        restrict(member, reason="")
    assert "reason" in missing.value.message_dict
    with pytest.raises(ValidationError) as past:
        restrict(member, ends_at=timezone.now() - timedelta(minutes=1))
    assert "until" in past.value.message_dict
    assert not Restriction.objects.exists()


@pytest.mark.parametrize(
    ("actor_roles", "target_roles", "message"),
    [
        ([], [], "Only moderators and admins can suspend or silence members."),
        ([Role.SUPER_USER], [], "Only moderators and admins can suspend or silence members."),
        ([Role.AGENT], [], "Only moderators and admins can suspend or silence members."),
        ([Role.MODERATOR], [Role.ADMIN], "Nobody can suspend or silence an admin."),
        ([Role.ADMIN], [Role.ADMIN], "Nobody can suspend or silence an admin."),
        ([Role.MODERATOR], [Role.MODERATOR], "Only admins can suspend or silence moderators."),
    ],
)
def test_who_may_not_restrict_whom_is_refused_and_nothing_changes(client, actor_roles, target_roles, message):
    actor, target = UserFactory(roles=actor_roles), UserFactory(roles=target_roles)
    client.force_login(actor)
    response = client.post(suspend_page(target.handle), {"kind": "suspended", "duration": "1w", "reason": REASON})
    assert response.status_code == 403 and message in response.text
    with pytest.raises(PermissionDenied, match=re.escape(message)):
        restrict(target, by=actor)
    assert not Restriction.objects.exists() and not AuditEntry.objects.exists()


def test_the_technical_admin_account_cannot_be_suspended_either():
    technical = UserFactory(is_superuser=True)
    with pytest.raises(PermissionDenied, match="Nobody can suspend or silence an admin"):
        restrict(technical, by=UserFactory(roles=[Role.ADMIN]))


def test_nobody_suspends_themselves_and_an_admin_may_suspend_a_moderator():
    admin, moderator = UserFactory(roles=[Role.ADMIN]), UserFactory(roles=[Role.MODERATOR])
    with pytest.raises(PermissionDenied, match="yourself"):
        restrict(moderator, by=moderator)
    restrict(moderator, by=admin)
    assert suspensions.in_force(moderator).suspended


def test_the_member_reads_the_reason_and_the_end_on_every_page(client):
    member = UserFactory()
    restrict(member)
    client.force_login(member)
    for address in ["/", "/ideas/", reverse("accounts:settings"), reverse("accounts:profile", args=[member.handle])]:
        text = client.get(address).text
        assert "Your account is suspended until" in text and REASON in text, address


def test_the_banner_is_cheap_once_warm_and_forgotten_when_the_decision_changes(client, django_assert_num_queries):
    member = UserFactory()
    client.force_login(member)
    assert "suspended" not in client.get("/").text
    restrict(member)  # the write forgets the person's cached state
    assert "Your account is suspended" in client.get("/").text
    with django_assert_num_queries(0):
        assert suspensions.in_force(member).reason == REASON
    suspensions.lift_restriction(person=member, by=Restriction.objects.get().by)
    assert "Your account is suspended" not in client.get("/").text


def test_it_ends_by_itself_when_its_time_is_up(client):
    member = UserFactory()
    restrict(member, ends_at=timezone.now() + timedelta(seconds=1.5))
    client.force_login(member)
    assert "Your account is suspended" in client.get("/").text
    time.sleep(1.6)
    # Nothing ran and the cached state is the same; its end is compared with the clock on every read.
    assert suspensions.in_force(member) is None
    assert "Your account is suspended" not in client.get("/").text
    assert suspensions.close_ended() == 1
    assert Restriction.objects.get().closed_at is not None


def test_the_member_hears_by_mail_and_in_the_app(django_capture_on_commit_callbacks):
    member = UserFactory(display_name="Sam")
    with django_capture_on_commit_callbacks(execute=True):
        restrict(member, kind="silenced")
    (message,) = [m for m in mail.outbox if m.to == [member.email]]
    assert "A moderator silenced you until" in message.subject
    assert REASON in message.body and "Hello Sam" in message.body
    assert Notification.objects.get(recipient=member).kind == "account_restriction"
    with django_capture_on_commit_callbacks(execute=True):
        suspensions.lift_restriction(person=member, by=Restriction.objects.get().by)
    assert "You are no longer silenced" in mail.outbox[-1].subject


def test_a_moderator_lifts_their_own_decision_but_only_an_admin_lifts_another_s(client):
    first, second = UserFactory(roles=[Role.MODERATOR]), UserFactory(roles=[Role.MODERATOR])
    admin, member = UserFactory(roles=[Role.ADMIN]), UserFactory()
    restrict(member, by=first)
    client.force_login(second)
    assert "Only an admin can lift what another moderator decided." in client.get(suspend_page(member.handle)).text
    assert client.post(reverse("moderation:lift", args=[member.handle])).status_code == 403
    assert suspensions.in_force(member) is not None
    client.force_login(first)
    response = client.post(reverse("moderation:lift", args=[member.handle]), {"note": "my mistake"}, follow=True)
    assert f"{member.display_name} can write again." in response.text
    assert suspensions.in_force(member) is None
    entry = AuditEntry.objects.get(action="restriction_lifted")
    assert (entry.actor, entry.subject, entry.note) == (first, member, "my mistake")
    restrict(member, by=first)
    client.force_login(admin)
    client.post(reverse("moderation:lift", args=[member.handle]))
    assert suspensions.in_force(member) is None


def test_lifting_when_nothing_is_in_force_says_so(client):
    member = UserFactory(display_name="Sam")
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    response = client.post(reverse("moderation:lift", args=[member.handle]), follow=True)
    assert "Sam is neither suspended nor silenced." in response.text
    assert not AuditEntry.objects.exists()


def test_a_new_decision_replaces_the_one_in_force():
    member, moderator = UserFactory(), UserFactory(roles=[Role.MODERATOR])
    first = restrict(member, by=moderator, kind="silenced")
    second = restrict(member, by=moderator, kind="suspended", ends_at=None)
    first.refresh_from_db()
    assert first.closed_at is not None and suspensions.in_force(member).restriction_id == second.pk
    assert AuditEntry.objects.get(action="member_suspended").data["replaced"] == first.pk


def test_moderators_find_the_link_on_profiles_members_do_not(client):
    member = UserFactory()
    profile = reverse("accounts:profile", args=[member.handle])
    client.force_login(UserFactory())
    assert suspend_page(member.handle) not in client.get(profile).text
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    assert (
        suspend_page(member.handle)
        not in client.get(reverse("accounts:profile", args=[UserFactory(roles=[Role.ADMIN]).handle])).text
    )
    assert suspend_page(member.handle) in client.get(profile).text
    restrict(member)
    assert REASON in client.get(profile).text


def test_the_page_of_an_admin_says_why_and_shows_no_form(client):
    admin = UserFactory(roles=[Role.ADMIN])
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    page = client.get(suspend_page(admin.handle))
    assert page.status_code == 200 and "Nobody can suspend or silence an admin." in page.text
    assert 'name="reason"' not in page.text


def test_an_unknown_person_is_a_404_and_members_get_a_403(client):
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    assert client.get(suspend_page("nobody-here")).status_code == 404
    client.force_login(UserFactory())
    assert client.get(suspend_page(UserFactory().handle)).status_code == 403
