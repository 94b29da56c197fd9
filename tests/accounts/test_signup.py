import re

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from community.accounts.models import Role, User
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "display_name": "Anna Schmidt",
    "email": "anna@example.com",
    "password1": "Zahnrad-Kaffee-71",
    "password2": "Zahnrad-Kaffee-71",
}


def confirmation_link(message) -> str:
    return re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", message.body).group(0)


def test_sign_up_confirm_the_email_then_sign_in(client, mailoutbox):
    response = client.post(reverse("account_signup"), GOOD)
    assert response.status_code == 302
    user = User.objects.get(email="anna@example.com")
    assert user.display_name == "Anna Schmidt"
    assert user.handle == "AnnaSchmidt"
    assert user.has_role(Role.MEMBER)
    assert not EmailAddress.objects.get(user=user).verified

    # Not yet: the address must be confirmed before anything else.
    response = client.post(reverse("account_login"), {"login": "anna@example.com", "password": GOOD["password1"]})
    assert "_auth_user_id" not in client.session
    assert response.url == reverse("account_email_verification_sent")
    assert len(mailoutbox) == 1

    link = confirmation_link(mailoutbox[0])
    page = client.get(link)
    assert page.status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert int(client.session["_auth_user_id"]) == user.pk


def test_the_sign_up_page_asks_for_name_email_and_password(client):
    html = client.get(reverse("account_signup")).content.decode()
    for field in ("id_display_name", "id_email", "id_password1", "id_password2"):
        assert f'id="{field}"' in html
    assert html.index("id_display_name") < html.index("id_email")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": "not-an-address"}, "email", "valid email address"),
        ({"password1": "12345", "password2": "12345"}, "password1", "too short"),
        ({"password2": "something-else-99"}, "password2", "same password"),
        ({"display_name": ""}, "display_name", "required"),
    ],
)
def test_bad_sign_up_input_is_explained_and_what_was_typed_stays(client, changes, field, message):
    data = {**GOOD, **changes}
    response = client.post(reverse("account_signup"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors.get(field, [])) + " ".join(form.non_field_errors())
    html = response.content.decode()
    assert "There is a problem" in html  # the error summary on top
    if data["display_name"]:
        assert f'value="{data["display_name"]}"' in html
    assert not User.objects.filter(email=data["email"]).exists()


def page_text(response) -> str:
    """What a visitor reads on the page, without the parts that differ per request (tokens, the address typed)."""
    html = response.content.decode()
    html = re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', "", html)
    return re.sub(r"[\w.+-]+@example\.com", "ADDRESS", html)


def test_signing_up_with_a_taken_address_looks_the_same_and_tells_only_the_owner(client, mailoutbox):
    owner = UserFactory(email="anna@example.com", display_name="Anna", language="de")
    taken = client.post(reverse("account_signup"), GOOD, follow=True)
    fresh = Client().post(reverse("account_signup"), {**GOOD, "email": "someone-new@example.com"}, follow=True)
    assert taken.redirect_chain == fresh.redirect_chain == [(reverse("account_email_verification_sent"), 302)]
    assert page_text(taken) == page_text(fresh)
    assert User.objects.filter(email="anna@example.com").get() == owner
    to_owner = [m for m in mailoutbox if m.to == ["anna@example.com"]]
    assert len(to_owner) == 1
    body = to_owner[0].body
    assert body.startswith("Hallo Anna,")  # the owner's language, not the visitor's
    assert "/accounts/login/" in body and "/accounts/password/reset/" in body
    assert GOOD["password1"] not in body


def test_the_owner_of_a_taken_address_is_told_in_our_words(client, mailoutbox):
    UserFactory(email="anna@example.com", display_name="Anna", language="en")
    client.post(reverse("account_signup"), GOOD)
    (mail,) = mailoutbox
    assert mail.subject == "[Peerdesk] Someone tried to sign up with your address"
    assert mail.body.startswith("Hello Anna,")
    assert "You already have an account with this address, so no second one was created." in mail.body
    assert "If it was not you, you can ignore this email." in mail.body


def test_password_reset_answers_the_same_for_unknown_addresses(client, mailoutbox):
    user = UserFactory()
    known = client.post(reverse("account_reset_password"), {"email": user.email}, follow=True)
    unknown = Client().post(reverse("account_reset_password"), {"email": "nobody@example.com"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain == [(reverse("account_reset_password_done"), 302)]
    assert page_text(known) == page_text(unknown)
    assert "not assigned to any user account" not in unknown.content.decode()
    (reset,) = [m for m in mailoutbox if m.to == [user.email]]
    (nobody,) = [m for m in mailoutbox if m.to == ["nobody@example.com"]]
    assert "/accounts/password/reset/key/" in reset.body
    assert nobody.subject == "[Peerdesk] There is no account with this address"
    assert "/accounts/signup/" in nobody.body and "/accounts/password/reset/key/" not in nobody.body


def test_repeated_failed_logins_are_rate_limited_with_a_message(client):
    user = UserFactory()
    for _ in range(5):
        response = client.post(reverse("account_login"), {"login": user.email, "password": "wrong-password"})
        assert response.status_code == 200
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_sign_in_and_out(client):
    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.email.upper(), "password": PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_password_reset_mail_leads_to_a_new_password(client, mailoutbox):
    user = UserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})
    assert len(mailoutbox) == 1
    link = re.search(r"https?://[^\s]+/accounts/password/reset/key/[^\s]+/", mailoutbox[0].body).group(0)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    response = client.post(form_url, {"password1": "Neues-Passwort-2026", "password2": "Neues-Passwort-2026"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Neues-Passwort-2026")


def test_changing_the_email_needs_confirmation_of_the_new_address(client, mailoutbox):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "new@example.com"})
    assert response.status_code == 302
    new = EmailAddress.objects.get(user=user, email="new@example.com")
    assert not new.verified
    client.post(confirmation_link(mailoutbox[-1]))
    user.refresh_from_db()
    assert user.email == "new@example.com"


def test_company_login_switches_on_with_settings_alone():
    import json
    import os
    import subprocess
    import sys
    from urllib.parse import urlsplit

    from django.conf import settings

    providers = [
        {"id": "company", "name": "Company login", "server_url": "https://id.example.com", "client_id": "peerdesk"}
    ]
    code = (
        "from django.test import Client;"
        "print(Client(HTTP_HOST='localhost').get('/accounts/login/', secure=True).content.decode())"
    )
    # The child process must read the migrated test database: a fresh clone's own database is empty.
    test_database = settings.DATABASES["default"]["NAME"]
    server_url = urlsplit(os.environ.get("DATABASE_URL", settings.EMBEDDED_DATABASE_URL))
    database_url = server_url._replace(path=f"/{test_database}").geturl()
    env = {**os.environ, "OIDC_PROVIDERS": json.dumps(providers), "DATABASE_URL": database_url}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Company login" in result.stdout
    assert "/accounts/oidc/company/login/" in result.stdout


def test_without_providers_the_login_page_offers_only_email(client):
    html = client.get(reverse("account_login")).content.decode()
    assert "/accounts/oidc/" not in html


def test_the_admin_creates_a_person_with_roles(client):
    admin = UserFactory(roles=[Role.ADMIN])
    client.force_login(admin)
    assert client.get(reverse("admin:accounts_user_add")).status_code == 200
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "agent@example.com",
            "display_name": "Alex Agent",
            "handle": "alex",
            "usable_password": "true",
            "password1": "Ein-gutes-Passwort-9",
            "password2": "Ein-gutes-Passwort-9",
            "roles": [Role.MEMBER.value, Role.AGENT.value],
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert User.objects.get(email="agent@example.com").has_role(Role.AGENT)


def test_company_login_that_cannot_reach_its_provider_says_so_instead_of_a_500(client, db):
    from allauth.socialaccount.models import SocialApp

    SocialApp.objects.create(
        provider="openid_connect",
        provider_id="company",
        name="Company login",
        client_id="peerdesk",
        settings={"server_url": "http://127.0.0.1:9/realms/main"},  # nothing answers on the discard port
    )
    response = client.post("/accounts/oidc/company/login/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 503
    assert "Firmen-Login" in response.content.decode() and "nicht erreichbar" in response.content.decode()
    response = client.post("/accounts/oidc/company/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert "such as the company login, cannot be reached right now" in response.content.decode()
