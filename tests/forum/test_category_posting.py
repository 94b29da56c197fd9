"""Who may start threads in a category: everyone, or staff only (agents, moderators, admins).

A member never lands in a staff-only category by accident: the ask form offers none of them,
preselects only the category the person came from, and a forged choice is refused in place.
"""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from community import demo
from community.accounts.models import Role
from forum import services
from forum.models import Category, Question
from tests.accounts.factories import UserFactory

from .factories import CategoryFactory, QuestionFactory, ask

pytestmark = pytest.mark.django_db

STAFF = [Role.AGENT, Role.MODERATOR, Role.ADMIN]
NOT_STAFF = [None, Role.SUPER_USER]


def staff_only(**fields) -> Category:
    return CategoryFactory(
        slug="news", name="News", name_en="News", thread_starters=Category.ThreadStarters.STAFF, **fields
    )


def person(role) -> object:
    return UserFactory(roles=[role] if role else [])


def options(html: str) -> list[str]:
    select = re.search(r'<select name="category".*?</select>', html, flags=re.S).group(0)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def selected(html: str) -> list[str]:
    select = re.search(r'<select name="category".*?</select>', html, flags=re.S).group(0)
    return re.findall(r'<option value="[^"]+"[^>]*selected[^>]*>([^<]*)</option>', select)


# The rule and the service


@pytest.mark.parametrize("role", STAFF)
def test_staff_start_threads_in_a_staff_only_category(role):
    question = ask(by=person(role), category=staff_only())
    assert question.category.slug == "news"


@pytest.mark.parametrize("role", NOT_STAFF)
def test_members_and_super_users_cannot_start_threads_there(role):
    news = staff_only()
    with pytest.raises(ValidationError) as refused:
        ask(by=person(role), category=news)
    assert "Only staff" in refused.value.message_dict["category"][0]
    assert not Question.objects.exists()


def test_members_still_answer_and_reply_in_a_staff_only_category():
    question = ask(by=person(Role.MODERATOR), category=staff_only())
    member = person(None)
    answer = services.post_answer(question=question, by=member, body="Thanks for the heads-up, all good here.")
    services.post_reply(question=question, answer=answer, by=person(None), body="Same for me.")
    assert question.answers.count() == 1 and question.replies.count() == 1


def test_an_author_cannot_edit_a_question_into_a_staff_only_category():
    question = ask()
    with pytest.raises(ValidationError) as refused:
        services.edit_question(
            question=question, by=question.author, title=question.title, body=question.body, category=staff_only()
        )
    assert "category" in refused.value.message_dict
    assert Question.objects.get(pk=question.pk).category_id == question.category_id


def test_only_staff_move_a_question_into_a_staff_only_category():
    question, news = ask(), staff_only()
    with pytest.raises(PermissionDenied):
        services.move_question(question=question, by=person(Role.SUPER_USER), category=news)
    services.move_question(question=question, by=person(Role.MODERATOR), category=news)
    assert Question.objects.get(pk=question.pk).category == news


# The ask form


def test_the_ask_form_preselects_nothing_and_offers_members_no_staff_only_category(client):
    CategoryFactory(slug="app", name="App", name_en="App", order=2)
    staff_only(order=0)  # listed first: it used to be where a question landed unless changed
    client.force_login(person(None))
    html = client.get(reverse("forum:ask")).content.decode()
    assert options(html) == ["Choose a category", "App"]
    assert selected(html) == []
    client.force_login(person(Role.AGENT))
    assert options(client.get(reverse("forum:ask")).content.decode()) == ["Choose a category", "News", "App"]


def test_the_ask_form_preselects_the_category_the_person_came_from(client):
    CategoryFactory(slug="app", name="App", name_en="App")
    CategoryFactory(slug="billing", name="Billing", name_en="Billing")
    staff_only()
    client.force_login(person(None))
    assert selected(client.get(reverse("forum:ask"), {"category": "billing"}).content.decode()) == ["Billing"]
    assert selected(client.get(reverse("forum:ask"), {"category": "news"}).content.decode()) == []
    assert selected(client.get(reverse("forum:ask"), {"category": "nonsense"}).content.decode()) == []
    client.force_login(person(Role.MODERATOR))
    assert selected(client.get(reverse("forum:ask"), {"category": "news"}).content.decode()) == ["News"]


def test_the_buttons_on_category_and_tag_pages_carry_where_the_person_came_from(client):
    app, news = CategoryFactory(slug="app", name="App", name_en="App"), staff_only()
    question = ask(category=app, tags=["bluetooth"])
    client.force_login(person(None))
    assert 'href="/ask/?category=app"' in client.get(app.get_absolute_url()).content.decode()
    html = client.get(news.get_absolute_url()).content.decode()
    assert 'href="/ask/"' in html and "?category=news" not in html and "Only staff start new threads" in html
    assert 'href="/ask/?tags=bluetooth"' in client.get("/tags/bluetooth/").content.decode()
    html = client.get(reverse("forum:ask"), {"tags": "bluetooth"}).content.decode()
    assert 'name="tags" id="id_tags" value="bluetooth"' in html
    assert question.category == app


def test_an_empty_category_invites_to_ask_there(client):
    app = CategoryFactory(slug="app", name="App", name_en="App")
    client.force_login(person(None))
    html = client.get(app.get_absolute_url()).content.decode()
    assert "No questions yet" in html and html.count('href="/ask/?category=app"') == 2


def test_asking_without_a_category_says_so_and_keeps_everything(client):
    CategoryFactory(slug="app", name="App", name_en="App")
    CategoryFactory(slug="billing", name="Billing", name_en="Billing")
    client.force_login(person(None))
    data = {"title": "The speaker does not pair", "body": "I hold the button and nothing happens at all.", "tags": "bt"}
    response = client.post(reverse("forum:ask"), {**data, "category": "", "language": "en"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Choose the category your question belongs in." in html
    assert data["title"] in html and data["body"] in html and 'value="bt"' in html
    assert not Question.objects.exists()


@pytest.mark.parametrize("role", NOT_STAFF)
def test_a_forged_ask_into_a_staff_only_category_is_refused_in_place(client, role):
    CategoryFactory(slug="app", name="App", name_en="App")
    news = staff_only()
    client.force_login(person(role))
    data = {"title": "Can I post news here too?", "body": "A forged request into the announcements.", "tags": "news"}
    response = client.post(reverse("forum:ask"), {**data, "category": news.pk, "language": "en"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Only staff (agents, moderators and admins) start new threads in “News”." in html
    assert 'class="field__error" id="id_category_error"' in html
    assert data["title"] in html and data["body"] in html and 'value="news"' in html
    assert "News" not in options(html)
    assert not Question.objects.exists()


def test_a_forged_ask_into_a_category_the_person_cannot_see_is_refused(client):
    hidden = CategoryFactory(slug="internal", name="Internal", name_en="Internal", audience=Category.Audience.STAFF)
    client.force_login(person(None))
    data = {"title": "Something for the team", "body": "This should never be posted there.", "category": hidden.pk}
    response = client.post(reverse("forum:ask"), {**data, "language": "en"})
    assert response.status_code == 422 and "Internal" not in response.content.decode()
    assert not Question.objects.exists()


def test_the_move_form_refuses_a_staff_only_category_for_whoever_may_not_start_threads_there(client):
    question, news = QuestionFactory(), staff_only()
    client.force_login(person(Role.SUPER_USER))
    response = client.post(reverse("forum:question-move", args=[question.pk]), {"category": news.pk})
    assert response.status_code == 403
    moderator = person(Role.MODERATOR)
    client.force_login(moderator)
    manage = client.get(reverse("forum:question-manage", args=[question.pk])).content.decode()
    assert ">News</option>" in manage
    response = client.post(reverse("forum:question-move", args=[question.pk]), {"category": news.pk})
    assert response.status_code == 302
    assert Question.objects.get(pk=question.pk).category == news


# Admin and demo


def test_admins_set_who_may_start_threads_in_the_admin(client):
    category = CategoryFactory(slug="app", name="App", name_en="App")
    client.force_login(person(Role.ADMIN))
    url = reverse("admin:forum_category_change", args=[category.pk])
    page = client.get(url)
    assert page.status_code == 200 and "who may start threads" in page.content.decode().lower()
    form = page.context["adminform"].form
    data = {name: form[name].value() if form[name].value() is not None else "" for name in form.fields}
    data["thread_starters"] = Category.ThreadStarters.STAFF
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Category.objects.get(pk=category.pk).thread_starters == Category.ThreadStarters.STAFF


def test_the_demo_announcements_are_staff_only():
    people = demo.seed()
    announcements = Category.objects.get(slug="announcements")
    assert announcements.thread_starters == Category.ThreadStarters.STAFF
    assert announcements.questions.exists()  # the team's pinned notice is still seeded there
    assert not people["mia"].has_perm("forum.start_thread", announcements)
    assert Category.objects.exclude(slug="announcements").filter(thread_starters="staff").count() == 0
