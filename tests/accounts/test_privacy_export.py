"""A member's copy of their data: asked for in the settings, built by the worker, mailed as a link that works once."""

import io
import json
import re
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from community.accounts.models import DataExport
from community.accounts.privacy import exports
from community.models import AuditEntry, Handoff
from notifications.models import Notification, Subscription
from superusers.models import ReputationEntry
from tests.accounts.factories import UserFactory
from tests.accounts.privacy_support import EMAIL, HANDLE, NAME, SECOND_EMAIL, busy_member

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Exports go to a private folder of this test; pictures to a media folder beside it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {**settings.STORAGES["private"], "OPTIONS": {"location": tmp_path / "private", "base_url": "/x/"}},
    }
    return tmp_path / "private"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def ask_for_export(client, committed, user):
    """Ask in the settings with htmx, let the worker run, and return (the response, the emailed link)."""
    from django.core import mail

    client.force_login(user)
    with committed():
        response = client.post(reverse("accounts:privacy-export"), headers=HTMX)
    link = re.search(r"http\S+/settings/privacy/download/\S+/", mail.outbox[-1].body)[0]
    return response, link.removeprefix(django_settings.SITE_URL)


def download(client, link, committed) -> dict[str, object]:
    with committed():  # the file goes once the download's transaction commits
        response = client.post(link)
    assert response.status_code == 200, response.content
    assert response["Content-Disposition"].startswith("attachment;") and ".zip" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return {name: archive.read(name).decode() for name in archive.namelist()}


def when(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_a_busy_member_downloads_everything_they_did(client, committed, mailoutbox, private_storage):
    busy = busy_member(committed)
    member = busy.member
    client.force_login(member)
    page = client.get(reverse("accounts:privacy")).content.decode()
    assert "Ask for a copy of my data" in page

    response, link = ask_for_export(client, committed, member)
    # The answer to the click, before the worker ran: the progress state, polled by htmx until the file is ready.
    assert "We are preparing your file" in response.content.decode()
    assert 'hx-trigger="every' in response.content.decode() and "toast" in response["HX-Trigger"]
    assert mailoutbox[-1].to == [EMAIL] and "works once" in mailoutbox[-1].body
    status = client.get(reverse("accounts:privacy-export-status"), headers=HTMX).content.decode()
    assert "Your file is ready" in status and "hx-trigger" not in status

    confirm = client.get(link)
    assert confirm.status_code == 200 and "Download my data" in confirm.content.decode()
    files = download(client, link, committed)
    data = {name.removesuffix(".json"): json.loads(text) for name, text in files.items() if name.endswith(".json")}
    assert "README.txt" in files

    [profile] = data["profile"]
    assert (profile["email"], profile["display_name"], profile["handle"]) == (EMAIL, NAME, HANDLE)
    assert profile["bio"] == "I fix heating systems." and profile["picture"].startswith("avatars/")
    assert {a["email"] for a in profile["email_addresses"]} == {EMAIL, SECOND_EMAIL}
    assert profile["company_logins"][0]["uid"] == "zq-42" and "super user" in profile["roles"]
    assert when(profile["member_since"]) == member.date_joined

    [question] = data["questions"]
    assert (question["id"], question["title"], question["tags"]) == (busy.question.pk, busy.question.title, ["valve"])
    assert question["body"] == busy.question.body and when(question["created_at"]) == busy.question.created_at
    [answer] = data["answers"]
    assert (answer["id"], answer["question_id"], answer["body"]) == (
        busy.answer.pk,
        busy.others_question.pk,
        busy.answer.body,
    )
    assert when(answer["created_at"]) == busy.answer.created_at
    [reply] = data["replies"]
    assert (reply["id"], reply["answer_id"], reply["body"]) == (busy.reply.pk, busy.others_answer.pk, busy.reply.body)
    assert {(v["question_id"], v["answer_id"], v["value"]) for v in data["votes"]} == {
        (busy.others_question.pk, None, 1),
        (None, busy.others_answer.pk, 1),
    }
    assert {e["question_id"] or e["answer_id"] for e in data["edits"]} == {busy.question.pk, busy.answer.pk}

    [idea] = data["ideas"]
    assert (idea["id"], idea["title"], idea["votes"]) == (busy.idea.pk, busy.idea.title, 1)
    assert [v["idea_id"] for v in data["idea_votes"]] == [busy.others_idea.pk]
    [comment] = data["idea_comments"]
    assert (comment["idea_id"], comment["body"]) == (busy.others_idea.pk, busy.comment.body)

    follows = {(f["kind"], f["id"]): f for f in data["follows"]}
    assert follows[("category", busy.category.pk)]["why"] == "manual"
    assert follows[("question", busy.question.pk)]["why"] == "asked"
    assert len(follows) == Subscription.objects.filter(user=member).count()
    assert [p["kind"] for p in data["notification_preferences"]] == ["new_answer"]
    assert data["notification_preferences"][0]["email"] == "daily"
    texts = [n["text"] for n in data["notifications"]]
    assert len(texts) == Notification.objects.filter(recipient=member).count() > 0
    assert any("Olga Other" in text and busy.question.title in text for text in texts)

    ledger = ReputationEntry.objects.filter(user=member)
    assert sum(e["points"] for e in data["reputation"]) == sum(e.points for e in ledger) > 0
    assert {e["answer_id"] for e in data["reputation"]} >= {busy.answer.pk}
    [flag] = data["flags"]
    assert (flag["reason"], flag["note"], flag["status"]) == ("spam", "Looks like an advert to me.", "open")
    assert when(flag["created_at"]) == busy.flag.created_at
    assert "reporter_id" not in flag and "author_id" not in flag  # others named by a flag are not the reporter's

    # Once downloaded, the file is gone from the private folder, and the link is spent.
    assert list((private_storage / "exports").iterdir()) == []
    assert DataExport.objects.get(user=member).status == DataExport.Status.DOWNLOADED


def test_the_file_lies_privately_under_a_name_nobody_can_guess(client, committed, private_storage):
    member = UserFactory()
    ask_for_export(client, committed, member)
    export = DataExport.objects.get(user=member)
    path = Path(exports.storage().path(export.file_name))
    assert path.is_relative_to(private_storage) and not path.is_relative_to(django_settings.MEDIA_ROOT)
    assert len(path.stem) >= 40 and str(member.pk) not in path.stem
    assert client.get(f"/media/{export.file_name}").status_code == 404


def test_the_link_works_once(client, committed):
    member = UserFactory()
    _, link = ask_for_export(client, committed, member)
    download(client, link, committed)
    again = client.post(link)
    assert again.status_code == 410 and "used already" in again.content.decode()
    assert not hasattr(again, "streaming_content")
    assert client.get(link).status_code == 410


def test_another_signed_in_person_is_refused_and_the_link_still_works_for_its_owner(client, committed):
    owner = UserFactory()
    _, link = ask_for_export(client, committed, owner)
    client.force_login(UserFactory())
    for response in (client.get(link), client.post(link)):
        assert response.status_code == 403
        assert "another member" in response.content.decode() and not hasattr(response, "streaming_content")
    client.force_login(owner)
    download(client, link, committed)


def test_an_expired_link_serves_nothing(client, committed, settings):
    member = UserFactory()
    _, link = ask_for_export(client, committed, member)
    settings.DATA_EXPORT_LINK_HOURS = 0
    response = client.post(link)
    assert response.status_code == 410 and "expired" in response.content.decode()
    assert DataExport.objects.get(user=member).downloaded_at is None


def test_the_sweep_deletes_expired_files(client, committed, private_storage):
    member = UserFactory()
    ask_for_export(client, committed, member)
    DataExport.objects.filter(user=member).update(expires_at=datetime(2020, 1, 1).astimezone())
    with committed():
        assert exports.forget_expired() == 1
    assert list((private_storage / "exports").iterdir()) == []
    assert DataExport.objects.get(user=member).status == DataExport.Status.EXPIRED


def test_a_changed_or_foreign_link_is_refused_and_a_visitor_is_asked_to_sign_in(client, committed):
    member = UserFactory()
    _, link = ask_for_export(client, committed, member)
    broken = client.get(link[:-3] + "xx/")
    assert broken.status_code == 404 and "not complete" in broken.content.decode()
    client.logout()
    response = client.post(link)
    assert response.status_code == 302 and "/login/" in response.url


def test_asking_twice_while_preparing_makes_one_export_and_a_new_request_replaces_a_waiting_copy(
    client, django_capture_on_commit_callbacks, committed
):
    member = UserFactory()
    client.force_login(member)
    with django_capture_on_commit_callbacks():  # the worker has not run yet
        client.post(reverse("accounts:privacy-export"))
        client.post(reverse("accounts:privacy-export"))
    assert DataExport.objects.filter(user=member).count() == 1
    assert Handoff.objects.filter(key__startswith="data_export:").count() == 1
    first = DataExport.objects.get(user=member)
    exports.build_export(export_id=first.pk)
    _, link = ask_for_export(client, committed, member)
    assert DataExport.objects.get(pk=first.pk).status == DataExport.Status.EXPIRED
    download(client, link, committed)


def test_each_step_is_in_the_audit_log_without_personal_data(client, committed):
    member = UserFactory(display_name="Quirin Quast", email="quirin@example.org")
    _, link = ask_for_export(client, committed, member)
    download(client, link, committed)
    entries = AuditEntry.objects.filter(subject=member).order_by("created_at")
    assert [e.action for e in entries] == ["privacy.export_requested", "privacy.export_downloaded"]
    for entry in entries:
        text = f"{entry.note} {json.dumps(entry.data)}"
        assert "Quast" not in text and "quirin@" not in text


def test_the_privacy_page_works_without_javascript(client):
    member = UserFactory()
    client.force_login(member)
    response = client.post(reverse("accounts:privacy-export"))
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "We are preparing your file" in page
    assert client.get(reverse("accounts:privacy-export-status")).status_code == 200
