"""The watch pages: who gets in, the forms keep what was typed, and the hits page's query budget."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from community import staff
from community.accounts.models import Role
from forum.models import Category
from insights.models import WatchHit, WatchList
from insights.services import watch as services
from tests.accounts.factories import UserFactory
from tests.forum.factories import AnswerFactory, CategoryFactory, QuestionFactory, ReplyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    return UserFactory(roles=[Role.MODERATOR])


def make_list(by, **more) -> WatchList:
    return services.create_watch_list(by=by, name="Outages", terms=["Störung"], watchers=[by], **more)


def hits(watch_list, count: int, category=None) -> None:
    for n in range(count):
        kind = ("question", "answer", "reply")[n % 3]
        question = QuestionFactory(category=category) if category else QuestionFactory()
        post = {"question": question, "answer": AnswerFactory, "reply": ReplyFactory}[kind]
        if kind != "question":
            post = post(question=question, body=f"Die Störung Nummer {n} hält an.")
        WatchHit.objects.create(
            created_at=timezone.now() - timedelta(minutes=(n * 7) % count),
            watch_list=watch_list,
            kind=kind,
            object_id=post.pk,
            question=question,
            category_id=question.category_id,
            matched_terms=["Störung"],
        )


@pytest.mark.parametrize("role", [[], [Role.SUPER_USER]])
def test_members_get_403_everywhere(client, moderator, role):
    watch_list = make_list(moderator)
    client.force_login(UserFactory(roles=role))
    for name, args in [("watch", []), ("watch-create", []), ("watch-detail", [watch_list.pk]), ("trends", [])]:
        assert client.get(reverse(f"insights:{name}", args=args)).status_code == 403
    assert client.post(reverse("insights:watch-delete", args=[watch_list.pk])).status_code == 403
    assert WatchList.objects.exists()


def test_agents_read_watch_lists_but_do_not_change_them(client, moderator):
    watch_list = make_list(moderator)
    client.force_login(UserFactory(roles=[Role.AGENT]))
    assert client.get(reverse("insights:watch")).status_code == 200
    assert client.get(reverse("insights:watch-detail", args=[watch_list.pk])).status_code == 200
    assert client.get(reverse("insights:watch-edit", args=[watch_list.pk])).status_code == 403
    assert client.get(reverse("insights:trends")).status_code == 403


def test_staff_menu_shows_watch_lists_and_trends_to_moderators_only_lists_to_agents(moderator):
    assert {"watch_lists", "trends"} <= {page.code for page in staff.pages_for(moderator)}
    agent_pages = {page.code for page in staff.pages_for(UserFactory(roles=[Role.AGENT]))}
    assert "watch_lists" in agent_pages and "trends" not in agent_pages
    assert staff.pages_for(UserFactory()) == []


def test_create_keeps_the_input_and_says_what_is_wrong(client, moderator):
    client.force_login(moderator)
    data = {"name": "Competitors", "terms": "", "tags": "", "active": "on"}
    response = client.post(reverse("insights:watch-create"), data)
    assert response.status_code == 400
    assert "Name at least one word, phrase or tag to watch." in response.text
    assert 'value="Competitors"' in response.text
    member = UserFactory()
    data = {"name": "Competitors", "terms": "Acme\nkündigen", "watchers": [member.pk]}
    response = client.post(reverse("insights:watch-create"), data)
    assert response.status_code == 400 and "Acme" in response.text
    assert not WatchList.objects.exists()


def test_create_edit_and_delete_with_confirmation(client, moderator):
    client.force_login(moderator)
    data = {"name": "Churn", "terms": "kündigen, Vertrag beenden", "tags": "#Vertrag", "watchers": [moderator.pk]}
    data["active"] = "on"
    response = client.post(reverse("insights:watch-create"), data)
    watch_list = WatchList.objects.get()
    assert response.status_code == 302 and response.url == watch_list.get_absolute_url()
    assert watch_list.terms == ["kündigen", "Vertrag beenden"] and watch_list.tags == ["vertrag"]
    assert watch_list.created_by == moderator and watch_list.active
    edit = reverse("insights:watch-edit", args=[watch_list.pk])
    assert "Vertrag beenden" in client.get(edit).text
    response = client.post(edit, {**data, "name": "Churn risk", "active": ""})
    watch_list.refresh_from_db()
    assert response.status_code == 302 and watch_list.name == "Churn risk" and not watch_list.active
    delete = reverse("insights:watch-delete", args=[watch_list.pk])
    page = client.get(delete)
    assert page.status_code == 200 and "Churn risk" in page.text and WatchList.objects.exists()
    assert client.post(delete).status_code == 302
    assert not WatchList.objects.exists()


@pytest.mark.parametrize("count", [2, 60])
def test_the_hits_page_lists_newest_first_within_its_budget(client, moderator, django_assert_max_num_queries, count):
    watch_list = make_list(moderator)
    hits(watch_list, count)
    client.force_login(moderator)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("insights:watch-detail", args=[watch_list.pk]))
    assert response.status_code == 200
    shown = [row.hit.pk for row in response.context["rows"]]
    assert shown == list(WatchHit.objects.order_by("-created_at", "-id").values_list("pk", flat=True)[:25])
    assert "Die Störung Nummer 1 hält an." in response.text
    assert "Störung" in response.text and response.context["rows"][0].url.startswith("/q/")


@pytest.mark.parametrize("count", [2, 40])
def test_the_lists_page_stays_within_its_budget(client, moderator, django_assert_max_num_queries, count):
    for n in range(count):
        services.create_watch_list(by=moderator, name=f"List {n}", terms=["router"], watchers=[moderator])
    client.force_login(moderator)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("insights:watch"))
    assert response.status_code == 200 and "List 1" in response.text


def test_an_agent_does_not_see_hits_in_a_category_closed_to_agents(client, moderator):
    watch_list = make_list(moderator)
    closed = CategoryFactory(audience=Category.Audience.SUPER_USERS)
    hits(watch_list, 1, category=closed)
    hits(watch_list, 1, category=CategoryFactory())
    client.force_login(UserFactory(roles=[Role.AGENT]))
    response = client.get(reverse("insights:watch-detail", args=[watch_list.pk]))
    assert response.context["page"].paginator.count == 1
    client.force_login(moderator)
    response = client.get(reverse("insights:watch-detail", args=[watch_list.pk]))
    assert response.context["page"].paginator.count == 2
