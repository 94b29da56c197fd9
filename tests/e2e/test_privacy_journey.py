"""A member gets a copy of their data (the page follows the file's progress), downloads it from the mailed link,
then deletes their account: a wrong password first, then for real, with their posts removed."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from community.accounts.models import DataExport, User
from community.accounts.privacy import exports
from forum.models import Question
from tests.accounts.factories import PASSWORD, UserFactory
from tests.forum.factories import ask

from .conftest import at_both_widths, axe_check, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {**settings.STORAGES["private"], "OPTIONS": {"location": tmp_path, "base_url": "/x/"}},
    }


def test_copy_of_my_data_then_delete_my_account(page, live_server, client):
    member = UserFactory(display_name="Rosa Ritter")
    question = ask(by=member, title="Which filter fits the ventilation unit in the attic?")
    log_in(page, live_server, client, member)

    page.goto(live_server.url + "/settings/")
    page.get_by_role("navigation", name="Your account").get_by_role("link", name="Privacy").click()
    expect(page.get_by_role("heading", name="Privacy", level=1)).to_be_visible()
    axe_check(page, "privacy settings")
    at_both_widths(page, "privacy-settings")

    # While the worker prepares the file, the page says so and looks again every few seconds.
    export = DataExport.objects.create(user=member)
    page.reload()
    expect(page.get_by_role("status").filter(has_text="We are preparing your file")).to_be_visible()
    at_both_widths(page, "privacy-export-preparing")
    exports.build_export(export_id=export.pk)
    expect(page.get_by_text("Your file is ready")).to_be_visible(timeout=10_000)

    link = re.search(r"https?://\S+/settings/privacy/download/\S+/", mail.outbox[-1].body).group(0)
    page.goto(live_server.url + urlsplit(link).path)
    expect(page.get_by_role("heading", name="Download your data")).to_be_visible()
    axe_check(page, "download page")
    at_both_widths(page, "privacy-download")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my data").click()
    assert download.value.suggested_filename.endswith(".zip")
    page.reload()
    expect(page.get_by_role("heading", name="This download link does not work")).to_be_visible()
    expect(page.get_by_text("used already")).to_be_visible()

    # Deleting: a wrong password is refused with the choice kept; then it goes through.
    page.goto(live_server.url + "/settings/privacy/")
    page.get_by_role("link", name="Delete my account…").click()
    page.get_by_label("Remove them").check()
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("alert")).to_contain_text("That is not your password.")
    expect(page.get_by_label("Remove them")).to_be_checked()
    axe_check(page, "delete account with an error")
    at_both_widths(page, "delete-account-error")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("heading", name="Your account is deleted")).to_be_visible()
    at_both_widths(page, "account-deleted")

    assert User.objects.get(pk=member.pk).is_erased
    assert Question.objects.get(pk=question.pk).is_deleted
    page.goto(live_server.url + "/settings/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
