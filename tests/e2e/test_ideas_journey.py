"""The idea board in a real browser: a member suggests an idea (similar ideas show while typing), two
others vote (one of them reads German), a moderator plans it with an official response, the voters are
told, and the idea appears on the public roadmap. At 375 and 1280 px, axe clean.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from community.accounts.models import Role
from ideas import services
from ideas.models import Idea, ProductArea, StatusChange
from notifications.models import Notification

from ..accounts.factories import UserFactory
from .conftest import at_both_widths, axe_check, log_in
from .forum_helpers import browser_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Export the heating history as a CSV file"
RESPONSE = "Thank you for your idea — we have understood! The CSV export is planned for version 3.6."


def test_member_suggests_two_vote_a_moderator_plans_it_and_the_roadmap_shows_it(page, live_server, client, new_context):
    ProductArea.objects.create(
        slug="heating", name="Heating schedules", name_en="Heating schedules", name_de="Heizpläne"
    )
    earlier = services.post_idea(
        by=UserFactory(display_name="Eva Early"),
        title="Download my heating data as a spreadsheet",
        body="I want to see my data in Excel, month by month.",
    )
    anna = UserFactory(display_name="Anna Author")
    ben = UserFactory(display_name="Ben Voter")
    carla = UserFactory(display_name="Carla Wählerin", language="de")
    mona = UserFactory(display_name="Mona Moderator", roles=[Role.MODERATOR])

    # Anna suggests an idea; while she types the title, a similar idea shows.
    log_in(page, live_server, client, anna)
    page.goto(live_server.url + "/ideas/")
    page.get_by_role("link", name="Suggest an idea").first.click()
    expect(page.get_by_role("heading", name="Suggest an idea", level=1)).to_be_visible()
    page.get_by_label("Title").fill("Export my heating")
    similar = page.locator("#similar-ideas")
    expect(similar.get_by_role("link", name=earlier.title)).to_be_visible()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Description").fill("Per room and **day**, with the target temperature.")
    expect(page.locator("#body-preview strong")).to_have_text("day")
    page.get_by_label("Product area").select_option(label="Heating schedules")
    page.get_by_label("Tags").fill("export, csv")
    axe_check(page, "suggest an idea with similar ideas")
    at_both_widths(page, "idea-new-with-similar")
    page.get_by_role("button", name="Post your idea").click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Thank you for your idea")).to_be_visible()
    idea = Idea.objects.get(title=TITLE)
    assert idea.author == anna and sorted(idea.tags.names()) == ["csv", "export"]
    expect(page.locator(f"#idea-vote-{idea.pk}")).to_contain_text("Your idea")  # no vote for one's own idea

    # Ben votes from the list, in place.
    ben_page = browser_for(new_context, live_server, ben)
    ben_page.goto(live_server.url + "/ideas/?sort=newest")
    card = ben_page.locator(f"#idea-{idea.pk}")
    card.get_by_role("button", name=f"Vote for “{TITLE}”").click()
    expect(card).to_contain_text("You voted")
    expect(card.locator(".idea-vote__count")).to_contain_text("1")
    expect(ben_page.get_by_role("status").filter(has_text="Thank you for your vote!")).to_be_visible()
    axe_check(ben_page, "idea list after voting")
    at_both_widths(ben_page, "idea-list")

    # Carla, who reads German, votes on the idea's page.
    carla_page = browser_for(new_context, live_server, carla)
    carla_page.goto(live_server.url + idea.get_absolute_url())
    expect(carla_page.locator("html")).to_have_attribute("lang", "de")
    vote_box = carla_page.locator(f"#idea-vote-{idea.pk}")
    vote_box.locator("button[type=submit]").click()
    expect(vote_box.locator(".idea-vote__count b")).to_have_text("2")
    expect(vote_box.locator(".idea-vote__mine")).to_be_visible()
    expect(carla_page.get_by_role("main")).to_contain_text("Heizpläne")  # the admin's German name of the area
    axe_check(carla_page, "idea page in German")
    at_both_widths(carla_page, "idea-german")
    assert Idea.objects.get(pk=idea.pk).vote_count == 2

    # Mona plans it with an official response.
    mona_page = browser_for(new_context, live_server, mona)
    mona_page.goto(live_server.url + idea.get_absolute_url())
    mona_page.locator("summary", has_text="Change the status or respond officially").click()
    mona_page.get_by_label("Status").select_option(label="Planned")
    mona_page.get_by_label("Official response").fill(RESPONSE)
    axe_check(mona_page, "idea page with the status form open")
    mona_page.get_by_role("button", name="Save status and response").click()
    expect(mona_page.get_by_role("status").filter(has_text="The author, the voters")).to_be_visible()
    response = mona_page.get_by_role("region", name=re.compile("Official response"))
    expect(response).to_contain_text("we have understood!")
    expect(response).to_contain_text("Mona Moderator")
    expect(mona_page.locator(".idea__states .status--planned")).to_have_text("Planned")
    expect(mona_page.locator("#history")).to_contain_text("Official response")
    axe_check(mona_page, "idea page with an official response")
    at_both_widths(mona_page, "idea-planned")
    change = StatusChange.objects.get(idea=idea)
    assert (change.old_status, change.new_status, change.by) == ("new", "planned", mona)

    # The voters are told: Ben's bell counts up, and the notification leads to the response.
    ben_page.goto(live_server.url + "/ideas/")
    bell = ben_page.get_by_role("banner").locator("#bell")
    expect(bell).to_have_accessible_name("Notifications, 1 unread", timeout=8000)
    bell.click()
    item = ben_page.get_by_role("link", name=re.compile(rf"“{TITLE}” is now Planned, with an official response"))
    expect(item).to_have_count(1)
    axe_check(ben_page, "notifications about the idea")
    item.press("Enter")
    expect(ben_page).to_have_url(re.compile(rf"{re.escape(idea.get_absolute_url())}#change-{change.pk}$"))
    expect(ben_page.locator(f"#change-{change.pk}")).to_contain_text("we have understood!")
    assert Notification.objects.filter(recipient=carla, kind="idea_status").count() == 1
    assert Notification.objects.filter(recipient=anna, kind="idea_status").count() == 1
    assert not Notification.objects.filter(recipient=mona, kind="idea_status").exists()
    assert {ben.email, carla.email, anna.email} <= {m.to[0] for m in mail.outbox}

    # The public roadmap shows it under "Planned", with the votes and the response; in German too.
    page.goto(live_server.url + "/ideas/roadmap/")
    planned = page.get_by_role("region", name=re.compile("^Planned"))
    card = planned.get_by_role("listitem").filter(has_text=TITLE)
    expect(card).to_contain_text("2")
    expect(card).to_contain_text("we have understood!")
    axe_check(page, "roadmap")
    at_both_widths(page, "roadmap")
    carla_page.goto(live_server.url + "/ideas/roadmap/")
    expect(carla_page.locator("html")).to_have_attribute("lang", "de")
    expect(carla_page.locator("#roadmap-planned").locator("..")).to_contain_text(TITLE)
    expect(carla_page.locator(".roadmap__column")).to_have_count(3)
    axe_check(carla_page, "roadmap in German")
    at_both_widths(carla_page, "roadmap-german")
