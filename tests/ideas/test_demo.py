"""The demo board: realistic German and English ideas with votes, answers and a merge, seeded once."""

import pytest

from community import demo
from ideas.models import Idea, IdeaVote, ProductArea, StatusChange

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_ideas_once_with_votes_answers_and_a_merge(client):
    demo.seed()
    counts = (Idea.objects.count(), IdeaVote.objects.count(), StatusChange.objects.count(), ProductArea.objects.count())
    demo.seed()
    assert counts == (
        Idea.objects.count(),
        IdeaVote.objects.count(),
        StatusChange.objects.count(),
        ProductArea.objects.count(),
    )
    assert set(Idea.objects.values_list("status", flat=True)) >= {"new", "planned", "in_progress", "done", "declined"}
    assert Idea.objects.filter(merged_into__isnull=False).count() == 1
    for idea in Idea.objects.all():
        assert idea.vote_count == IdeaVote.objects.filter(idea=idea).count()
    assert ProductArea.objects.get(slug="heating").name_de == "Heizpläne"
    html = client.get("/ideas/roadmap/", headers={"accept-language": "de"}).content.decode()
    assert "Urlaubsmodus mit Start- und Enddatum" in html and "Heizpläne" in html
