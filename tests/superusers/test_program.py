"""The super-user program: measured candidates, promotion and demotion by moderators, privileges at once."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from community.accounts.models import Role
from community.models import AuditEntry
from forum.models import Answer, Category, Vote
from moderation import services as moderation
from moderation.models import Flag
from notifications.models import Notification
from superusers import services
from superusers.models import Candidate
from tests.accounts.factories import UserFactory
from tests.forum.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def _answered(helper, *, minutes: int, accepted: bool = False, days_ago: int = 1) -> Answer:
    question = QuestionFactory(created_at=timezone.now() - timedelta(days=days_ago))
    answer = AnswerFactory(question=question, author=helper)
    Answer.objects.filter(pk=answer.pk).update(
        created_at=question.created_at + timedelta(minutes=minutes),
        is_accepted=accepted,
        accepted_at=question.created_at + timedelta(hours=2) if accepted else None,
    )
    return answer


def test_candidates_are_ranked_by_measured_helpfulness(django_capture_on_commit_callbacks):
    strong, weak, old = UserFactory(), UserFactory(), UserFactory()
    for day in range(4):
        answer = _answered(strong, minutes=30, accepted=True, days_ago=day + 1)
        Vote.objects.create(user=UserFactory(), answer=answer, value=1, cast_event_id=uuid.uuid4())
    _answered(strong, minutes=90, days_ago=6)  # never on the UTC date of day 4's answer, at any hour
    _answered(weak, minutes=600, days_ago=2)
    spam = QuestionFactory(author=weak)
    _answered(old, minutes=10, accepted=True, days_ago=200)  # outside the 90 days
    moderator = UserFactory(roles=[Role.MODERATOR])
    _answered(moderator, minutes=5, accepted=True)  # staff are no candidates
    # The flag is upheld through moderation; the ledger hears of it at its event.
    with django_capture_on_commit_callbacks(execute=True):
        flag = moderation.flag_post(post=spam, by=UserFactory(), reason=Flag.Reason.SPAM)
        moderation.handle_flag(flag=flag, by=moderator, uphold=True)

    services.rank_candidates()

    ranked = [c.user_id for c in Candidate.objects.order_by("-score")]
    assert ranked[0] == strong.pk  # the askers follow: asking counts as an active day
    assert weak.pk not in ranked  # below zero with an upheld flag
    assert old.pk not in ranked and moderator.pk not in ranked
    top = Candidate.objects.get(user=strong)
    assert (top.accepted_answers, top.upvotes, top.active_days, top.flags_upheld) == (4, 4, 5, 0)
    assert top.median_first_answer_minutes == 30


def test_a_moderator_promotes_from_the_candidate_list(client, committed):
    moderator = UserFactory(roles=[Role.MODERATOR])
    helper = UserFactory(display_name="Hanna Helper")
    _answered(helper, minutes=20, accepted=True)
    services.rank_candidates()
    client.force_login(moderator)
    page = client.get("/super-users/candidates/")
    assert page.status_code == 200 and "Hanna Helper" in page.text
    with committed():
        response = client.post(f"/super-users/{helper.pk}/promote/", {"note": "Answers fast and kindly"}, follow=True)
    assert "Hanna Helper is a super user now." in response.text
    helper.refresh_from_db()
    assert helper.has_role(Role.SUPER_USER)
    entry = AuditEntry.objects.get(action="super_user_promoted")
    assert (entry.actor, entry.subject, entry.note) == (moderator, helper, "Answers fast and kindly")
    assert Notification.objects.filter(recipient=helper, kind="program").exists()
    assert "Answers fast and kindly" in client.get("/super-users/candidates/").text  # the audit log shows it
    client.force_login(helper)
    assert client.get("/c/super-users/").status_code == 200  # the private category opens


def test_promotions_by_anyone_but_a_moderator_are_refused(client):
    member, super_user, target = UserFactory(), UserFactory(roles=[Role.SUPER_USER]), UserFactory()
    for person in (member, super_user):
        client.force_login(person)
        assert client.post(f"/super-users/{target.pk}/promote/", {"note": "me"}).status_code == 403
        assert client.get("/super-users/candidates/").status_code == 403
        with pytest.raises(PermissionDenied):
            services.promote(user=target, by=person)
    target.refresh_from_db()
    assert not target.has_role(Role.SUPER_USER) and not AuditEntry.objects.exists()


def test_promoting_twice_or_demoting_a_member_says_why(client):
    moderator, person = UserFactory(roles=[Role.MODERATOR]), UserFactory(display_name="Paul Person")
    client.force_login(moderator)
    response = client.post(f"/super-users/{person.pk}/demote/", {"note": ""}, follow=True)
    assert "Paul Person is not a super user." in response.text
    services.promote(user=person, by=moderator)
    with pytest.raises(ValidationError):
        services.promote(user=person, by=moderator)
    assert client.post("/super-users/999999/promote/").status_code == 404


def test_a_demoted_super_user_loses_the_privileges_at_once(client, committed):
    moderator = UserFactory(roles=[Role.MODERATOR])
    person = UserFactory(roles=[Role.SUPER_USER])
    question = QuestionFactory(author=UserFactory())
    client.force_login(person)
    assert client.post(f"/questions/{question.pk}/retag/", {"tags": "router"}).status_code in (200, 302)
    assert set(question.tags.names()) == {"router"}

    with committed():
        services.demote(user=person, by=moderator, note="Inactive for a year")

    # the same session, the very next request
    assert client.post(f"/questions/{question.pk}/retag/", {"tags": "wifi"}).status_code == 403
    assert set(question.tags.names()) == {"router"}
    assert client.get("/c/super-users/").status_code == 404
    assert AuditEntry.objects.filter(action="super_user_demoted", subject=person, note="Inactive for a year").exists()
    assert Notification.objects.filter(recipient=person, kind="program").exists()


def test_the_program_has_a_private_category():
    category = Category.objects.get(slug="super-users")
    assert category.audience == Category.Audience.SUPER_USERS


def test_a_promoted_member_leaves_the_candidate_list_at_once(client, committed):
    moderator = UserFactory(roles=[Role.MODERATOR])
    helper = UserFactory(display_name="Hanna Helper")
    other = UserFactory(display_name="Otto Other")
    for person in (helper, other):
        _answered(person, minutes=20, accepted=True)
    services.rank_candidates()
    client.force_login(moderator)
    with committed():
        client.post(f"/super-users/{helper.pk}/promote/", {"note": ""})
    page = client.get("/super-users/candidates/").text
    assert "Promote Hanna Helper" not in page and "Demote Hanna Helper" in page
    assert "Promote Otto Other" in page
    assert not Candidate.objects.filter(user=helper).exists()
    # A role given anywhere else (the administration) takes a person off the list before the next ranking.
    from community.accounts import services as accounts

    accounts.set_roles(user=other, roles={Role.AGENT}, by=None)
    assert "Promote Otto Other" not in client.get("/super-users/candidates/").text


def test_moderators_rank_the_candidates_now_and_nobody_else_can(client):
    helper = UserFactory(display_name="Hanna Helper")
    _answered(helper, minutes=20, accepted=True)
    for person in (UserFactory(), UserFactory(roles=[Role.SUPER_USER]), UserFactory(roles=[Role.AGENT])):
        client.force_login(person)
        assert client.post("/super-users/candidates/rank/").status_code == 403
    assert not Candidate.objects.exists()
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    page = client.get("/super-users/candidates/").text
    assert "Rank now" in page and "Hanna Helper" not in page
    assert client.get("/super-users/candidates/rank/").status_code == 405
    response = client.post("/super-users/candidates/rank/", follow=True)
    assert "The candidates are ranked again" in response.text
    assert "Promote Hanna Helper" in response.text
    assert Candidate.objects.filter(user=helper).exists()


def test_an_import_fills_the_candidate_list(committed):
    """The importer only says that it imported (an event); the reputation app ranks on it."""
    from pathlib import Path

    from forum.importers.stackexchange import StackExchangeImport
    from tests.forum.factories import CategoryFactory

    dump = Path(__file__).parents[1] / "forum" / "dumps" / "beer-2016"
    with committed():
        StackExchangeImport(dump, site="beer.stackexchange.com", category=CategoryFactory()).run()
    ranked = Candidate.objects.select_related("user")
    assert ranked.exists()
    assert all(not c.user.is_claimed for c in ranked)  # the imported people
    with committed():  # a second run imports nothing and the list stays
        StackExchangeImport(dump, site="beer.stackexchange.com", category=CategoryFactory()).run()
    assert Candidate.objects.count() == ranked.count()


def test_the_forum_knows_nothing_of_the_apps_above_it():
    import ast
    from pathlib import Path

    import forum

    above = ("superusers", "ideas", "notifications", "moderation")
    for path in Path(forum.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            assert not [n for n in names if n.startswith(above)], f"{path} imports {names}"
