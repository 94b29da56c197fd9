"""A newcomer signs up, confirms the address from the mail, signs in and switches to German."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from community.accounts.models import User

from .conftest import at_both_widths, axe_check

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_sign_up_confirm_sign_in_and_switch_to_german(page, live_server):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Questions")).to_be_visible()
    axe_check(page, "home")
    at_both_widths(page, "home")

    page.get_by_role("link", name="Sign up").click()
    expect(page.get_by_role("heading", name="Sign Up")).to_be_visible()
    axe_check(page, "sign-up")
    at_both_widths(page, "sign-up")

    # A weak password first: the form says why and keeps what was typed.
    page.get_by_label("Your name").fill("Lena Vogel")
    page.get_by_label("Email").fill("lena@example.com")
    page.get_by_label("Password", exact=True).fill("12345")
    page.get_by_label("Password (again)").fill("12345")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(page.get_by_label("Your name")).to_have_value("Lena Vogel")
    expect(page.get_by_label("Email")).to_have_value("lena@example.com")
    axe_check(page, "sign-up with errors")
    at_both_widths(page, "sign-up-errors")

    page.get_by_label("Password", exact=True).fill("Fahrrad-Kette-2026")
    page.get_by_label("Password (again)").fill("Fahrrad-Kette-2026")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()

    # The confirmation link from the outbox.
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".user-menu summary")).to_contain_text("Lena Vogel")
    assert User.objects.get(email="lena@example.com").emailaddress_set.get().verified

    # Sign out and in again through the login form.
    page.locator(".user-menu summary").click()
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("link", name="Sign in").click()
    axe_check(page, "login")
    at_both_widths(page, "login")
    page.get_by_label("Email").fill("lena@example.com")
    page.get_by_label("Password").fill("Fahrrad-Kette-2026")
    page.get_by_role("button", name="Sign In").click()
    expect(page.locator(".user-menu summary")).to_contain_text("Lena Vogel")

    # Switch to German: the whole interface follows, and it is remembered on the account.
    page.get_by_role("button", name="Deutsch").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", name="Fragen")).to_be_visible()
    expect(page.get_by_role("link", name="Wissensdatenbank")).to_be_visible()
    expect(page.get_by_role("link", name="Bestenliste")).to_be_visible()
    assert User.objects.get(email="lena@example.com").language == "de"
    page.goto(live_server.url + "/accounts/email/")
    expect(page.get_by_role("heading", name="E-Mail-Adresse", level=1)).to_be_visible()
    axe_check(page, "email page in German")
    at_both_widths(page, "home-german")
