"""The insights in a real browser: after the demo data, a moderator finds the dashboard in the staff menu,
narrows it to the last 90 days and then to one category, sees the chart's numbers change, and downloads
the questions chart as CSV. At 375 and 1280 px, axe clean.
"""

import csv
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone
from playwright.sync_api import expect

from community import demo
from community.accounts.models import Role
from forum.models import Category

from ..accounts.factories import UserFactory
from .conftest import at_both_widths, axe_check, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_moderator_reads_the_figures_by_period_and_category_and_exports_a_chart(page, live_server, client):
    demo.seed()
    call_command("backfill_insights")
    busiest = Category.objects.annotate(n=Count("questions")).order_by("-n").first()
    mona = UserFactory(display_name="Mona Moderator", roles=[Role.MODERATOR])

    log_in(page, live_server, client, mona)
    page.goto(live_server.url + "/")
    page.locator(".staff-menu summary").click()
    page.locator(".staff-menu").get_by_role("link", name="Insights").click()
    expect(page.get_by_role("heading", name="Insights", level=1)).to_be_visible()
    expect(page.locator("canvas[data-chart='questions'][data-drawn='1']")).to_be_attached()

    page.get_by_label("Period", exact=True).select_option(label="Last 90 days")
    page.get_by_role("button", name="Show figures").click()
    table = page.locator("table[data-chart-table='questions']")
    overall = table.text_content()
    expect(page.get_by_text("Solved rate")).to_be_visible()

    page.get_by_label("Category", exact=True).select_option(label=busiest.name)
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_label("Category", exact=True)).to_have_value(str(busiest.pk))
    assert table.text_content() != overall  # one category's questions, not the community's
    expect(page.locator("canvas[data-chart='ideas'][data-drawn='1']")).to_be_attached()
    axe_check(page, "insights")
    at_both_widths(page, "insights")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download “Questions per day” as CSV").click()
    assert download.value.suggested_filename.startswith("insights-questions-")
    content = open(download.value.path(), encoding="utf-8-sig").read()  # noqa: SIM115
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][:2] == ["Label", "Questions asked"] and len(rows) == 91
    first_day = timezone.localdate() - timedelta(days=89)
    asked = busiest.questions.filter(deleted_at__isnull=True, created_at__date__gte=first_day).count()
    assert sum(int(row[1]) for row in rows[1:]) == asked
