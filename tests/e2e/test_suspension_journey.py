"""A moderator suspends a member on a phone, from the member's profile; the member reads the reason and the
end on every page and gets it again when trying to vote; the moderator lifts it. At 375 and 1280 px, axe clean.
"""

import pytest
from playwright.sync_api import expect

from community.accounts.models import Role
from forum.models import Vote

from ..accounts.factories import UserFactory
from .conftest import PHONE, at_both_widths, axe_check
from .forum_helpers import ask, browser_for, make_category

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REASON = "Adverts for watches in three threads."


def test_a_moderator_suspends_a_member_who_then_reads_why(live_server, new_context):
    member = UserFactory(display_name="Sam Seller")
    question = ask(by=UserFactory(), category=make_category())
    moderator_page = browser_for(new_context, live_server, UserFactory(roles=[Role.MODERATOR]))
    moderator_page.set_viewport_size(PHONE)
    moderator_page.goto(live_server.url + member.get_absolute_url())
    moderator_page.get_by_role("link", name="Suspend or silence").click()
    expect(moderator_page.get_by_role("heading", name="Suspend or silence Sam Seller")).to_be_visible()
    moderator_page.get_by_label("Suspend: they can only read").check()
    moderator_page.get_by_label("3 days").check()
    moderator_page.get_by_label("Reason").fill(REASON)
    axe_check(moderator_page, "suspend form")
    at_both_widths(moderator_page, "suspend-form")
    moderator_page.set_viewport_size(PHONE)
    moderator_page.get_by_role("button", name="Suspend or silence").click()
    expect(moderator_page.get_by_text("Sam Seller is suspended.")).to_be_visible()
    expect(moderator_page.get_by_role("heading", name="Suspended now")).to_be_visible()

    member_page = browser_for(new_context, live_server, member)
    member_page.set_viewport_size(PHONE)
    member_page.goto(live_server.url + question.get_absolute_url())
    banner = member_page.get_by_role("region", name="Your account is suspended")
    expect(banner).to_contain_text(REASON)
    expect(banner).to_contain_text("Your account is suspended until")
    axe_check(member_page, "suspended member's thread")
    at_both_widths(member_page, "suspended-banner")
    member_page.set_viewport_size(PHONE)
    member_page.get_by_role("button", name="Vote up").first.click()
    expect(member_page.locator("#toasts")).to_contain_text(REASON)
    assert not Vote.objects.exists()

    moderator_page.get_by_role("button", name="Lift it now").click()
    expect(moderator_page.get_by_text("Sam Seller can write again.")).to_be_visible()
    member_page.reload()
    expect(member_page.get_by_role("region", name="Your account is suspended")).to_have_count(0)
