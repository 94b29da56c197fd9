from datetime import date, timedelta
from decimal import Decimal

import pytest

from insights.models import DailyRollup, InsightsSettings
from insights.selectors.figures import figures, percentile
from tests.forum.factories import CategoryFactory

START = date(2026, 3, 1)


def test_percentiles_are_nearest_rank():
    assert percentile([], 0.5) is None
    assert percentile([[], []], 0.5) is None
    assert percentile([[1, 2, 3, 4]], 0.5) == 2
    assert percentile([list(range(1, 11))], 0.9) == 9


def test_percentiles_over_many_days_equal_those_of_all_samples_together():
    import random

    chance = random.Random(7)
    for _ in range(200):
        days = [
            sorted(chance.randint(0, 5000) for _ in range(chance.randint(0, 30))) for _ in range(chance.randint(1, 9))
        ]
        together = sorted(value for day in days for value in day)
        for share in (0.01, 0.5, 0.9, 1.0):
            expected = together[max(0, -(-int(share * 1000) * len(together) // 1000) - 1)] if together else None
            assert percentile(days, share) == expected


def test_period_and_the_one_before_are_read_from_rollups(db):
    InsightsSettings.objects.create(cost_per_contact=Decimal("10"), community_cost_per_month=Decimal("3044"))
    DailyRollup.objects.create(
        day=START,
        questions_asked=4,
        first_answer_minutes=[5, 50],
        solved=2,
        solved_by_customer=1,
        solved_by_staff=1,
        ask_deflected=3,
        active_member_ids=[1, 2],
    )
    DailyRollup.objects.create(
        day=START + timedelta(days=1), questions_asked=6, first_answer_minutes=[10], active_member_ids=[2, 3]
    )
    DailyRollup.objects.create(day=START - timedelta(days=2), questions_asked=1)

    result = figures(START, START + timedelta(days=1))

    now = result.current.figures
    assert now["questions_asked"] == 10
    assert now["first_answer_median"] == 10
    assert now["solved_rate"] == 0.2
    assert now["accepted_by_staff"] == 0.5
    assert now["active_members"] == 3
    assert now["return_contacts"] == 4 and now["return_saved"] == Decimal("40.00")
    assert now["return_cost"] == Decimal("200.00")
    assert result.previous.figures["questions_asked"] == 1


@pytest.mark.parametrize("days", [3, 120])
def test_reading_figures_costs_the_same_queries_however_many_days(db, django_assert_max_num_queries, days):
    categories = CategoryFactory.create_batch(3)
    rows = []
    for i in range(days):
        rows.append(DailyRollup(day=START - timedelta(days=i), questions_asked=i))
        rows += [DailyRollup(day=START - timedelta(days=i), category=c, questions_asked=1) for c in categories]
    DailyRollup.objects.bulk_create(rows)
    with django_assert_max_num_queries(3):
        figures(START - timedelta(days=days // 2), START, categories[0])
