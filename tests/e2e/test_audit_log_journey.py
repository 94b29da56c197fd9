"""The audit log in a real browser: a moderator dismisses a flag with a reason, finds the audit log in the
staff menu, narrows it to the person concerned and the action, reads the entry as a card on a phone and
downloads the same entries as CSV. At 375 and 1280 px, axe clean.
"""

import csv
import io

import pytest
from playwright.sync_api import expect

from community import audit
from community.accounts.models import Role
from moderation import services as moderation

from ..accounts.factories import UserFactory
from .conftest import PHONE, at_both_widths, axe_check, log_in
from .forum_helpers import ask, make_category

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_moderator_finds_a_decision_in_the_audit_log_and_exports_it(page, live_server, client):
    author = UserFactory(display_name="Jörg Schäfer", handle="joerg")
    mona = UserFactory(display_name="Mona Moderator", roles=[Role.MODERATOR])
    question = ask(by=author, category=make_category())
    moderation.flag_post(post=question, by=UserFactory(), reason="abusive")
    for number in range(3):  # earlier decisions about someone else
        audit.record(actor=mona, action="super_user_promoted", subject=UserFactory(), note=f"helper {number}")

    log_in(page, live_server, client, mona)
    page.goto(live_server.url + "/moderation/")
    page.get_by_label("Note for the author and the audit log (optional)").fill("=Not rude, just blunt")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Approved: the post is public.")).to_be_visible()

    page.locator(".staff-menu summary").click()
    page.locator(".staff-menu").get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    expect(page.locator("main").get_by_role("status")).to_contain_text("4 entries")
    page.get_by_label("Person").fill("Jörg")
    page.get_by_label("Action").select_option(label="Post approved")
    page.get_by_role("button", name="Show entries").click()
    expect(page.locator("main").get_by_role("status")).to_contain_text("1 entry")
    row = page.get_by_role("row").filter(has_text="Post approved")
    expect(row).to_contain_text("Jörg Schäfer")
    expect(row).to_contain_text("=Not rude, just blunt")
    expect(row).to_contain_text("1 flag")
    axe_check(page, "audit log")
    at_both_widths(page, "audit-log")

    page.set_viewport_size(PHONE)  # a card: the column names stand beside the values
    expect(page.locator("table.cards thead")).not_to_be_in_viewport()
    expect(row.locator("td[data-label='Why']")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    content = open(download.value.path(), encoding="utf-8-sig").read()  # noqa: SIM115
    header, only = list(csv.reader(io.StringIO(content)))
    assert header[0] == "When" and only[3] == "Post approved" and only[5] == "Jörg Schäfer"
    assert only[7] == "'=Not rude, just blunt"
