"""Demo people have a published password: `seed_demo` stays off real sites, and `check --deploy` finds them."""

from io import StringIO

import pytest
from django.core import checks
from django.core.management import CommandError, call_command

from community import demo
from community.accounts.models import User
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def demo_warnings(deploy: bool = True) -> list[checks.CheckMessage]:
    found = checks.run_checks(include_deployment_checks=deploy, tags=[checks.Tags.security])
    return [message for message in found if message.id == "peerdesk.W001"]


def test_seed_demo_refuses_with_debug_off_and_adds_nobody(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off") as refusal:
        call_command("seed_demo", stdout=StringIO())
    assert "--force" in str(refusal.value)
    assert not User.objects.exists()


def test_seed_demo_refuses_on_a_first_start_with_debug_off_too(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo", "--if-empty", stdout=StringIO())
    assert not User.objects.exists()


def test_seed_demo_runs_with_debug_on_as_make_run_does(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert User.objects.filter(email="admin@example.com", is_superuser=True).exists()
    assert "Demo logins" in out.getvalue()


def test_seed_demo_runs_with_force_when_someone_really_means_it(settings):
    settings.DEBUG = False
    call_command("seed_demo", "--force", stdout=StringIO())
    assert User.objects.filter(email="member@example.com").exists()


def test_check_deploy_warns_while_an_account_has_the_demo_password():
    demo.seed_people()
    warnings = demo_warnings()
    assert {w.obj.email for w in warnings} == {p.email for p in demo.DEMO_PEOPLE}
    assert "demo password" in warnings[0].msg
    assert demo_warnings(deploy=False) == []  # an ordinary `check` (runserver, migrate) does not hash passwords


def test_an_admin_who_kept_the_demo_password_under_another_address_is_found_too():
    admin = UserFactory(is_superuser=True)
    admin.set_password(demo.DEMO_PASSWORD)
    admin.save()
    assert [w.obj for w in demo_warnings()] == [admin]


def test_no_warning_once_the_demo_passwords_are_changed():
    people = demo.seed_people()
    for person in people.values():
        person.set_password("a-new-and-private-password-2026")
        person.save()
    assert demo_warnings() == []
