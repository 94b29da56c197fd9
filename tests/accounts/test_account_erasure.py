"""Deleting one's account: personal data goes at once, posts stay under "Deleted member" or go, and the person
is found nowhere afterwards, neither on the site nor in any text column of the database."""

import json
import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community import audit
from community.accounts.models import DataExport, Role, User
from community.accounts.privacy.erasure import erase_account
from community.models import AuditEntry
from forum import services as forum
from forum.models import Answer, Category, Question, Reply
from ideas.models import Idea, IdeaComment
from notifications.models import Delivery, Notification, Preference, Subscription
from superusers.models import ReputationEntry
from tests.accounts.factories import PASSWORD, UserFactory
from tests.accounts.privacy_support import EMAIL, HANDLE, NAME, SECOND_EMAIL, busy_member

pytestmark = pytest.mark.django_db
TRACES = ["Quartermaine", EMAIL, SECOND_EMAIL]


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {**settings.STORAGES["private"], "OPTIONS": {"location": tmp_path / "private", "base_url": "/x/"}},
    }


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def columns_mentioning(*words: str) -> set[str]:
    """Every "table.column" of the database whose text (whatever its type, JSON and arrays too) holds a word."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT table_name, column_name FROM information_schema.columns
               WHERE table_schema = current_schema()
                 AND data_type IN ('text', 'character varying', 'character', 'jsonb', 'json', 'ARRAY', 'tsvector')"""
        )
        columns = cursor.fetchall()
        found = set()
        for table, column in columns:
            for word in words:
                cursor.execute(f'SELECT 1 FROM "{table}" WHERE "{column}"::text ILIKE %s LIMIT 1', [f"%{word}%"])  # noqa: S608
                if cursor.fetchone():
                    found.add(f"{table}.{column}")
    return found


def delete_account(client, committed, posts="keep", password=PASSWORD):
    with committed():
        return client.post(reverse("accounts:account-delete"), {"posts": posts, "password": password})


def test_an_erased_member_is_found_nowhere(client, committed, settings):
    busy = busy_member(committed)
    member = busy.member
    avatar = settings.MEDIA_ROOT / member.avatar.name
    elsewhere = Client()
    elsewhere.force_login(member)  # a second session, on another device
    client.force_login(member)
    with committed():
        client.post(reverse("accounts:privacy-export"))  # a copy of their data waits in the private storage
    ledger_before = list(ReputationEntry.objects.filter(user=member).values_list("points", flat=True))
    before = columns_mentioning(*TRACES)
    # The scan sees what it looks for: the name copied into others' notifications, the audit log, the admin's history.
    assert {
        "accounts_user.email",
        "account_emailaddress.email",
        "socialaccount_socialaccount.extra_data",
        "notifications_notification.params",
        "notifications_delivery.payload",
        "community_auditentry.note",
        "community_handoff.kwargs",
        "django_admin_log.object_repr",
    } <= before

    response = delete_account(client, committed)
    assert response.status_code == 302 and response.url == reverse("accounts:account-deleted")
    assert "Your account is deleted" in client.get(response.url).content.decode()

    assert columns_mentioning(*TRACES) == set()
    member.refresh_from_db()
    assert member.email is None and member.handle.startswith("deleted-") and member.is_erased
    assert User.objects.filter(pk=member.pk).values_list("display_name", flat=True).get() == ""
    assert member.display_name == "Deleted member" and str(member) == "Deleted member"
    assert not member.is_active and not member.has_usable_password() and not member.groups.exists()
    assert member.bio == "" and not member.avatar and not avatar.exists()
    assert not EmailAddress.objects.filter(user=member).exists()
    assert not SocialAccount.objects.filter(user=member).exists()
    assert not Subscription.objects.filter(user=member).exists() and not Preference.objects.filter(user=member).exists()
    assert not Notification.objects.filter(recipient=member).exists()
    assert not Delivery.objects.filter(recipient=member).exists()
    assert DataExport.objects.get(user=member).status == DataExport.Status.EXPIRED
    # Reputation ledger lines stay with the pseudonymous row: everyone's totals stay right.
    assert list(ReputationEntry.objects.filter(user=member).values_list("points", flat=True)) == ledger_before
    # Every session of theirs is over, and the old address and password open nothing.
    assert SESSION_KEY not in elsewhere.session
    assert elsewhere.get(reverse("accounts:settings")).status_code == 302
    assert not Client().login(email=EMAIL, password=PASSWORD)
    # What told others about them now names "Deleted member".
    told = [n.text() for n in Notification.objects.filter(recipient=busy.other, actor=member, count=1)]
    assert told and all("Deleted member" in text for text in told), told

    # The posts stay, and every page shows "Deleted member" where the name was.
    assert not Question.objects.get(pk=busy.question.pk).is_deleted
    for page in (
        busy.question.get_absolute_url(),
        busy.others_question.get_absolute_url(),
        busy.idea.get_absolute_url(),
        busy.others_idea.get_absolute_url(),
        reverse("forum:search") + "?q=radiator",
        reverse("ideas:idea-list"),
        reverse("superusers:leaderboard") + "?period=all",
        reverse("forum:home"),
    ):
        html = Client().get(page).content.decode()
        assert NAME not in html and "Quartermaine" not in html and EMAIL not in html, page
    thread = Client().get(busy.question.get_absolute_url()).content.decode()
    assert "Deleted member" in thread
    # Others' mentions stay as the text they wrote; the profile behind them is gone.
    assert "@zebulon" in Client().get(busy.others_question.get_absolute_url()).content.decode()
    assert Client().get(reverse("accounts:profile", args=[HANDLE])).status_code == 404
    assert Client().get(reverse("accounts:profile", args=[member.handle])).status_code == 404
    found = Client().get(reverse("forum:search") + "?q=Quartermaine").content.decode()
    assert busy.question.get_absolute_url() not in found
    # A new mention of the old handle names nobody.
    with committed():
        later = forum.post_reply(question=busy.others_question, by=busy.other, body="Where did @zebulon go?")
    assert 'class="mention"' not in later.body_html

    # The audit log keeps what happened under the pseudonym only.
    erased = AuditEntry.objects.get(action="privacy.account_erased")
    assert (erased.actor_id, erased.subject_id, erased.data) == (
        member.pk,
        member.pk,
        {"member": member.handle, "posts": "kept"},
    )
    promotion = AuditEntry.objects.get(action="super_user_promoted", subject=member)
    assert promotion.note == f"{member.handle} answers heating questions well"


def test_removing_the_posts_takes_them_out_of_counts_and_search(client, committed):
    busy = busy_member(committed)
    category_count = Category.objects.get(pk=busy.category.pk).question_count
    client.force_login(busy.member)
    assert delete_account(client, committed, posts="remove").status_code == 302

    assert Question.objects.get(pk=busy.question.pk).is_deleted
    assert Answer.objects.get(pk=busy.answer.pk).is_deleted and Reply.objects.get(pk=busy.reply.pk).is_deleted
    assert IdeaComment.objects.get(pk=busy.comment.pk).is_deleted
    assert Idea.objects.filter(pk=busy.idea.pk, author=busy.member).exists()  # ideas stay, anonymised
    assert Category.objects.get(pk=busy.category.pk).question_count == category_count - 1
    assert Question.objects.get(pk=busy.others_question.pk).answer_count == 0
    assert Idea.objects.get(pk=busy.others_idea.pk).comment_count == 0
    assert (
        busy.question.get_absolute_url() not in Client().get(reverse("forum:search") + "?q=radiator").content.decode()
    )
    assert busy.question.title not in Client().get(reverse("forum:home")).content.decode()
    # Others' posts stay where they were.
    assert not Answer.objects.get(pk=busy.others_answer.pk).is_deleted
    assert ReputationEntry.objects.filter(user=busy.other).exists()
    assert AuditEntry.objects.get(action="privacy.account_erased").data["posts"] == "removed"


def test_the_wrong_password_changes_nothing_and_keeps_the_choice(client, committed):
    busy = busy_member(committed)
    client.force_login(busy.member)
    response = delete_account(client, committed, posts="remove", password="not my password")
    assert response.status_code == 422
    html = response.content.decode()
    assert "That is not your password." in html
    assert re.search(r'value="remove"[^>]*checked', html)  # what was chosen stays chosen
    member = User.objects.get(pk=busy.member.pk)
    assert (member.email, member.display_name, member.is_active, member.erased_at) == (EMAIL, NAME, True, None)
    assert not Question.objects.get(pk=busy.question.pk).is_deleted
    assert not AuditEntry.objects.filter(action="privacy.account_erased").exists()


def test_guessing_the_password_is_limited(client):
    member = UserFactory()
    client.force_login(member)
    for _ in range(10):
        client.post(reverse("accounts:account-delete"), {"posts": "keep", "password": "guess"})
    response = client.post(reverse("accounts:account-delete"), {"posts": "keep", "password": PASSWORD})
    assert response.status_code == 422 and "Too many tries" in response.content.decode()
    assert User.objects.get(pk=member.pk).is_active


def test_an_unknown_choice_is_a_form_error(client):
    member = UserFactory()
    client.force_login(member)
    response = client.post(reverse("accounts:account-delete"), {"posts": "everything", "password": PASSWORD})
    assert response.status_code == 422 and User.objects.get(pk=member.pk).is_active


def test_only_the_member_themselves_can_delete_their_account():
    member, other = UserFactory(), UserFactory()
    with pytest.raises(PermissionDenied):
        erase_account(user=member, by=other, remove_posts=False)
    assert User.objects.get(pk=member.pk).is_active
    assert Client().get(reverse("accounts:account-delete")).status_code == 302  # sign in first


def test_audit_entries_of_an_erased_member_name_only_the_pseudonym(client, committed):
    busy = busy_member(committed)
    about_another = audit.record(
        actor=busy.moderator, action="note", subject=busy.other, note=f"Thanked by {NAME}; Zebulonia is a town."
    )
    client.force_login(busy.member)
    delete_account(client, committed)
    member = User.objects.get(pk=busy.member.pk)
    for entry in AuditEntry.objects.filter(subject=member) | AuditEntry.objects.filter(actor=member):
        text = f"{entry.note} {json.dumps(entry.data)}".lower()
        assert "quartermaine" not in text and HANDLE not in text.replace(member.handle, "")
    # Elsewhere, only the person's own words go: a longer word that starts like the handle stays.
    about_another.refresh_from_db()
    assert about_another.note == f"Thanked by {member.handle}; Zebulonia is a town."


def test_the_last_admin_cannot_leave_until_there_is_another(client, committed):
    admin = UserFactory(roles=[Role.ADMIN])
    client.force_login(admin)
    assert "You are the only admin" in client.get(reverse("accounts:account-delete")).content.decode()
    response = delete_account(client, committed)
    assert response.status_code == 422 and "You are the only admin" in response.content.decode()
    assert User.objects.get(pk=admin.pk).is_active
    UserFactory(roles=[Role.ADMIN])
    assert delete_account(client, committed).status_code == 302
    assert User.objects.get(pk=admin.pk).is_erased


def test_the_technical_admin_account_counts_as_an_admin(client, committed):
    technical = UserFactory(is_superuser=True)
    client.force_login(technical)
    assert delete_account(client, committed).status_code == 422
    UserFactory(roles=[Role.ADMIN])
    assert delete_account(client, committed).status_code == 302


def test_a_company_login_member_signs_in_again_instead_of_a_password(client, committed):
    member = UserFactory()
    member.set_unusable_password()
    member.save()
    SocialAccount.objects.create(user=member, provider="company", uid="c-1")
    client.force_login(member)
    User.objects.filter(pk=member.pk).update(last_login=timezone.now() - timedelta(hours=2))
    page = client.get(reverse("accounts:account-delete")).content.decode()
    assert 'type="password"' not in page and "Sign out and sign in again" in page
    response = delete_account(client, committed, password="")
    assert response.status_code == 422 and "sign in again" in response.content.decode()
    assert User.objects.get(pk=member.pk).is_active
    client.force_login(member)  # signing in again sets the time of the last sign-in
    assert delete_account(client, committed, password="").status_code == 302
    assert not SocialAccount.objects.filter(user=member).exists()


def test_the_deleted_name_costs_no_query_in_lists_and_is_not_a_handle_anyone_can_take(
    client, committed, django_assert_num_queries
):
    member = UserFactory()
    client.force_login(member)
    delete_account(client, committed)
    with django_assert_num_queries(1):
        [listed] = User.objects.filter(pk=member.pk).only("display_name")
        assert listed.display_name == "Deleted member"
    # Read later (a deferred field) and saved, the row keeps its empty name, not the reader's word.
    loaded = User.objects.only("email").get(pk=member.pk)
    assert loaded.display_name == "Deleted member"
    loaded.save()
    assert User.objects.filter(pk=member.pk).values_list("display_name", flat=True).get() == ""
    other = UserFactory()
    client.force_login(other)
    data = {"display_name": "X", "handle": "deleted-me", "language": "en", "time_zone": "Europe/Berlin"}
    response = client.post(reverse("accounts:settings"), data)
    assert "kept for deleted accounts" in response.content.decode()
    assert User.objects.get(pk=other.pk).handle != "deleted-me"
