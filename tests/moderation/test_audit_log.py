"""The audit log's page and CSV: moderators and admins read every staff decision, filter it, export it; nobody
edits it."""

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from community import audit
from community.accounts.models import Role
from community.models import AuditEntry
from tests.accounts.factories import UserFactory
from tests.support import person, queries_for

pytestmark = pytest.mark.django_db
PAGE = reverse("moderation:audit")
CSV = reverse("moderation:audit-export")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def entry(actor, action, subject, *, note="", days_ago=0, **data) -> AuditEntry:
    made = audit.record(actor=actor, action=action, subject=subject, note=note, **data)
    if days_ago:
        AuditEntry.objects.filter(pk=made.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return made


@pytest.fixture
def moderator(client):
    user = UserFactory(roles=[Role.MODERATOR], display_name="Mona Moderator", handle="mona")
    client.force_login(user)
    return user


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=","))


@pytest.mark.parametrize(
    ("role", "status"),
    [("member", 403), ("unconfirmed", 403), ("super user", 403), ("agent", 403), ("moderator", 200), ("admin", 200)],
)
def test_moderators_and_admins_read_the_log_others_do_not(client, role, status):
    client.force_login(person(role))
    assert client.get(PAGE).status_code == status
    assert client.get(CSV).status_code == status


def test_signed_out_visitors_are_asked_to_sign_in(client):
    assert "/accounts/login/" in client.get(PAGE).url
    assert "/accounts/login/" in client.get(CSV).url


def test_the_page_shows_who_did_what_to_whom_when_and_why_newest_first(client, moderator):
    hanna = UserFactory(display_name="Hanna Helpful", handle="hanna")
    entry(moderator, "super_user_promoted", hanna, note="Answers every day", days_ago=2)
    entry(moderator, "flag_upheld", hanna, note="an advert", reason="spam", flag=7)
    response = client.get(PAGE)
    html = response.text
    assert response.status_code == 200
    assert html.index("Flag upheld, post hidden") < html.index("Made a super user")  # newest first
    assert "Reason: Spam or advertising" in html and "Answers every day" in html and "Hanna Helpful" in html
    assert "Mona Moderator" in html and 'data-label="About whom"' in html  # a card on phones


def test_an_action_no_app_named_shows_its_code(client, moderator):
    entry(moderator, "something_new", None)
    assert "something_new" in client.get(PAGE).text


def test_the_page_costs_the_same_queries_for_two_entries_and_for_two_hundred(client, moderator):
    people = [UserFactory() for _ in range(4)]
    for number in range(2):
        entry(moderator, "flag_dismissed", people[number % 4], reason="rude")
    few = queries_for(client, PAGE)
    actions = ["flag_upheld", "super_user_demoted"]
    AuditEntry.objects.bulk_create(
        AuditEntry(actor=people[n % 4], action=actions[n % 2], subject=people[(n + 1) % 4]) for n in range(200)
    )
    assert queries_for(client, PAGE) == few
    assert queries_for(client, PAGE + "?page=3") == few
    assert few <= 8


def test_the_log_is_paginated(client, moderator):
    AuditEntry.objects.bulk_create(AuditEntry(actor=moderator, action="flag_dismissed") for _ in range(120))
    first, last = client.get(PAGE), client.get(PAGE + "?page=3")
    assert "Page 1 of 3" in first.text and "Page 3 of 3" in last.text
    assert last.text.count("<tr>") == 1 + 20  # the header row and the last 20 of 120
    assert client.get(PAGE + "?page=zzz").status_code == 200  # a page that is no page: the first


def test_filter_by_person_finds_who_acted_and_whom_it_was_about(client, moderator):
    ada = UserFactory(roles=[Role.ADMIN], display_name="Ada Admin", handle="ada")
    hanna = UserFactory(display_name="Hanna Helpful", handle="hanna")
    other = UserFactory(display_name="Otto Other", handle="otto")
    entry(ada, "super_user_promoted", hanna, note="by ada about hanna")
    entry(moderator, "flag_dismissed", other, note="mona about otto")
    entry(moderator, "super_user_demoted", ada, note="mona about ada")
    by_handle = client.get(PAGE, {"person": "@ada"}).text
    assert "by ada about hanna" in by_handle and "mona about ada" in by_handle and "mona about otto" not in by_handle
    by_name = client.get(PAGE, {"person": "hanna help"}).text
    assert "by ada about hanna" in by_name and "mona about" not in by_name
    assert "No entries match" in client.get(PAGE, {"person": "nobody-like-this"}).text


def test_filter_by_action_offers_the_actions_that_occur_with_their_names(client, moderator):
    entry(moderator, "flag_upheld", None, note="upheld one", reason="spam")
    entry(moderator, "super_user_demoted", None, note="demoted one")
    html = client.get(PAGE).text
    assert '<option value="flag_upheld">Flag upheld, post hidden</option>' in html
    assert '<option value="super_user_demoted">Super-user role ended</option>' in html
    assert 'value="flag_dismissed"' not in html  # it never happened
    chosen = client.get(PAGE, {"action": "flag_upheld"}).text
    assert "upheld one" in chosen and "demoted one" not in chosen
    wrong = client.get(PAGE, {"action": "drop_table"})
    assert wrong.status_code == 400 and "Select a valid choice" in wrong.text and "demoted one" in wrong.text


def test_filter_by_time_range_takes_whole_days_in_the_readers_time_zone(client, moderator):
    entry(moderator, "flag_dismissed", None, note="ten days ago", days_ago=10)
    entry(moderator, "flag_dismissed", None, note="three days ago", days_ago=3)
    entry(moderator, "flag_dismissed", None, note="today")
    today = timezone.localdate()
    since = (today - timedelta(days=5)).isoformat()
    html = client.get(PAGE, {"from": since}).text
    assert "three days ago" in html and "today" in html and "ten days ago" not in html
    html = client.get(PAGE, {"from": since, "to": (today - timedelta(days=3)).isoformat()}).text
    assert "three days ago" in html and "today" not in html
    html = client.get(PAGE, {"to": today.isoformat()}).text
    assert "today" in html and "ten days ago" in html  # the last day counts to its end


def test_a_midnight_entry_belongs_to_the_day_of_the_readers_time_zone(client):
    berliner = UserFactory(roles=[Role.ADMIN], time_zone="Europe/Berlin")
    client.force_login(berliner)
    made = entry(berliner, "flag_dismissed", None, note="just after midnight in Berlin")
    at = timezone.make_aware(datetime(2026, 3, 10, 0, 30), timezone=ZoneInfo("Europe/Berlin"))
    AuditEntry.objects.filter(pk=made.pk).update(created_at=at)  # 23:30 UTC the day before
    assert "just after midnight" in client.get(PAGE, {"from": "2026-03-10", "to": "2026-03-10"}).text
    assert "just after midnight" not in client.get(PAGE, {"to": "2026-03-09"}).text


def test_a_range_that_ends_before_it_starts_says_so(client, moderator):
    response = client.get(PAGE, {"from": "2026-05-02", "to": "2026-05-01"})
    assert response.status_code == 400 and "The end comes before the start." in response.text
    assert 'value="2026-05-02"' in response.text  # what was typed stays
    assert client.get(PAGE, {"from": "0001-01-01", "to": "9999-12-31"}).status_code == 400


def test_the_csv_has_the_pages_filters_a_bom_and_no_formulas(client, moderator):
    jurgen = UserFactory(display_name="Jürgen Müller", handle="juergen")
    entry(moderator, "flag_upheld", jurgen, note='=HYPERLINK("http://evil.example")', reason="spam")
    entry(moderator, "super_user_promoted", jurgen, note="+1 great helper")
    entry(moderator, "super_user_demoted", UserFactory(handle="someone"), note="-- not him")
    response = client.get(CSV, {"person": "juergen"})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'attachment; filename="audit-log-' in response["Content-Disposition"]
    header, *rows = read_csv(response)
    assert header[:4] == ["When", "Who", "Who (handle)", "Action"]
    assert [row[3] for row in rows] == ["Made a super user", "Flag upheld, post hidden"]
    promoted, upheld = rows
    assert promoted[5:8] == ["Jürgen Müller", "juergen", "'+1 great helper"]
    assert upheld[7] == '\'=HYPERLINK("http://evil.example")' and upheld[8] == "Reason: Spam or advertising"
    only_demoted = read_csv(client.get(CSV, {"action": "super_user_demoted"}))[1:]
    assert [row[7] for row in only_demoted] == ["'-- not him"]


def test_the_csv_for_german_readers_is_german_with_semicolons(client):
    german = UserFactory(roles=[Role.MODERATOR], language="de")
    client.force_login(german)
    entry(german, "flag_dismissed", UserFactory(display_name="Änne Öztürk"), reason="spam")
    body = b"".join(client.get(CSV).streaming_content)  # read after the view returned, as a server does
    assert body.startswith("\ufeff".encode())
    header, row = list(csv.reader(io.StringIO(body.decode("utf-8").removeprefix("\ufeff")), delimiter=";"))
    with translation.override("de"):
        assert header[0] == translation.gettext("When") and row[3] == translation.gettext("Flag dismissed")
    assert "Änne Öztürk" in row and "Spam oder Werbung" in row[8]


def test_the_csv_of_a_long_log_is_streamed(client, moderator):
    AuditEntry.objects.bulk_create(AuditEntry(actor=moderator, action="flag_dismissed") for _ in range(2500))
    response = client.get(CSV)
    chunks = list(response.streaming_content)
    assert len(chunks) == 2501  # one line at a time, never the whole file at once


def test_a_bad_filter_in_the_csv_is_a_400_with_the_reason(client, moderator):
    response = client.get(CSV, {"from": "not a day"})
    assert response.status_code == 400 and b"Enter a valid date." in response.content


def test_nothing_edits_the_log_not_the_pages_nor_the_admin(client):
    admin = UserFactory(roles=[Role.ADMIN])
    client.force_login(admin)
    made = entry(admin, "flag_dismissed", None, note="as it was")
    assert client.post(PAGE, {"note": "changed"}).status_code == 405
    assert client.post(CSV).status_code == 405
    change = reverse("admin:community_auditentry_change", args=[made.pk])
    shown = client.get(change)
    assert shown.status_code == 200 and "as it was" in shown.text and 'name="note"' not in shown.text
    assert client.post(change, {"note": "changed"}).status_code == 403
    assert client.post(reverse("admin:community_auditentry_delete", args=[made.pk]), {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:community_auditentry_add")).status_code == 403
    assert AuditEntry.objects.get().note == "as it was"


def test_the_staff_menu_leads_moderators_and_admins_to_the_log(client, moderator):
    assert PAGE in client.get("/staff/").text
    client.force_login(UserFactory(roles=[Role.SUPER_USER]))
    assert PAGE not in client.get("/staff/").text
