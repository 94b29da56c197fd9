import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from community.accounts import services
from community.accounts.models import Role, User
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_five_roles_exist_as_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ([], {"accounts.contribute"}),
        ([Role.SUPER_USER], {"accounts.contribute"}),
        ([Role.AGENT], {"accounts.contribute"}),
        ([Role.MODERATOR], {"accounts.contribute"}),
        ([Role.ADMIN], {"accounts.contribute", "accounts.set_roles"}),
    ],
)
def test_each_role_gets_exactly_its_permissions(roles, expected):
    user = UserFactory(roles=roles)
    granted = {perm for perm in ("accounts.contribute", "accounts.set_roles") if user.has_perm(perm)}
    assert granted == expected


def test_an_unconfirmed_or_inactive_person_cannot_contribute():
    unconfirmed = UserFactory(verified=False)
    inactive = UserFactory()
    inactive.is_active = False
    inactive.save()
    assert not unconfirmed.has_perm("accounts.contribute")
    assert not inactive.has_perm("accounts.contribute")


def test_asking_for_permissions_on_many_objects_costs_one_query(django_assert_num_queries):
    user = User.objects.get(pk=UserFactory(roles=[Role.MODERATOR]).pk)
    others = UserFactory.create_batch(3)
    # The groups once, the verified address once, whether moderation restricted the person once (then cached).
    with django_assert_num_queries(3):
        for other in others * 20:
            user.has_perm("accounts.change_profile", other)
            user.has_perm("accounts.contribute")


def test_an_admin_assigns_roles_and_the_change_is_recorded():
    admin, person = UserFactory(roles=[Role.ADMIN]), UserFactory()
    services.set_roles(user=person, roles={Role.MEMBER, Role.SUPER_USER}, by=admin)
    person = User.objects.get(pk=person.pk)
    assert person.has_role(Role.SUPER_USER)
    services.set_roles(user=person, roles={Role.MEMBER}, by=admin)
    assert not User.objects.get(pk=person.pk).has_role(Role.SUPER_USER)


@pytest.mark.parametrize("role", [None, Role.SUPER_USER, Role.AGENT, Role.MODERATOR])
def test_only_admins_assign_roles(role):
    actor, person = UserFactory(roles=[role] if role else []), UserFactory()
    with pytest.raises(PermissionDenied):
        services.set_roles(user=person, roles={Role.MEMBER, Role.ADMIN}, by=actor)
    assert not User.objects.get(pk=person.pk).has_role(Role.ADMIN)


def test_an_admin_cannot_take_the_admin_role_from_themselves():
    admin = UserFactory(roles=[Role.ADMIN])
    with pytest.raises(ValidationError):
        services.set_roles(user=admin, roles={Role.MEMBER}, by=admin)


def test_admins_assign_roles_in_the_django_admin(client):
    admin, person = UserFactory(roles=[Role.ADMIN]), UserFactory()
    client.force_login(admin)
    url = reverse("admin:accounts_user_change", args=[person.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields if name not in {"avatar", "password"}}
    data.update(roles=[Role.MEMBER.value, Role.MODERATOR.value], is_active="on", is_claimed="on")
    data.pop("is_superuser", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert User.objects.get(pk=person.pk).has_role(Role.MODERATOR)


@pytest.mark.parametrize("role", [None, Role.SUPER_USER, Role.AGENT, Role.MODERATOR])
def test_people_without_the_admin_role_cannot_open_the_admin(client, role):
    client.force_login(UserFactory(roles=[role] if role else []))
    assert client.get(reverse("admin:index"), follow=True).status_code == 403


def test_anonymous_visitors_are_sent_to_the_sites_login_from_the_admin(client):
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))


def test_create_admin_without_questions(capsys):
    call_command("create_admin", "--email", "Boss@Example.com", "--password", "Sehr-sicheres-Passwort-1", "--noinput")
    admin = User.objects.get(email="boss@example.com")
    assert admin.has_role(Role.ADMIN) and admin.is_superuser and admin.is_staff
    assert admin.check_password("Sehr-sicheres-Passwort-1")
    assert "created" in capsys.readouterr().out


def test_create_admin_asks_for_what_is_missing(monkeypatch):
    answers = iter(["boss@example.com", "Berta Boss"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "Sehr-sicheres-Passwort-1")
    call_command("create_admin")
    assert User.objects.get(email="boss@example.com").display_name == "Berta Boss"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--noinput"], "--email is required"),
        (["--email", "a@example.com", "--noinput"], "PEERDESK_ADMIN_PASSWORD"),
        (["--email", "a@example.com", "--password", "123", "--noinput"], "too short"),
    ],
)
def test_create_admin_refuses_bad_input_clearly(args, message, monkeypatch):
    monkeypatch.delenv("PEERDESK_ADMIN_PASSWORD", raising=False)
    with pytest.raises(CommandError, match=message):
        call_command("create_admin", *args)
    assert not User.objects.exists()


def test_create_admin_refuses_a_taken_address():
    UserFactory(email="boss@example.com")
    with pytest.raises(CommandError, match="already uses"):
        call_command(
            "create_admin",
            "--email",
            "boss@example.com",
            "--password",
            "Sehr-sicheres-Passwort-1",
            "--noinput",
        )
