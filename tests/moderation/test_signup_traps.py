"""Sign-up traps for robots: a field people never see, and a minimum time between showing and sending the form."""

import re
import time

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import translation

from community.accounts.forms import SIGNUP_SALT
from community.accounts.models import User

pytestmark = pytest.mark.django_db

GOOD = {
    "display_name": "Anna Schmidt",
    "email": "anna@example.com",
    "password1": "Zahnrad-Kaffee-71",
    "password2": "Zahnrad-Kaffee-71",
}
NEUTRAL = "Sorry, that was too quick for us. Please check your details and send the form again."


@pytest.fixture(autouse=True)
def _waiting(settings):
    settings.SIGNUP_MIN_SECONDS = 3
    with translation.override("en"):
        yield


def shown(seconds_ago: float) -> str:
    return signing.dumps(time.time() - seconds_ago, salt=SIGNUP_SALT)


def shown_token_in(html: str) -> str:
    return re.search(r'name="shown" value="([^"]+)"', html).group(1)


def test_a_person_who_took_their_time_signs_up(client):
    page = client.get(reverse("account_signup")).text
    assert 'name="website"' in page and 'class="trap-field" aria-hidden="true"' in page
    response = client.post(reverse("account_signup"), {**GOOD, "shown": shown(10)})
    assert response.status_code == 302
    assert User.objects.filter(email="anna@example.com").exists()


@pytest.mark.parametrize(
    "trap",
    [
        lambda: {"shown": shown(0.5)},  # sent half a second after it was shown
        lambda: {"shown": ""},  # no time stamp at all: posted without the form
        lambda: {"shown": "1700000000"},  # a time stamp we did not sign
        lambda: {"shown": shown(10), "website": "https://cheap.example"},  # the field nobody sees, filled in
    ],
    ids=["too fast", "no stamp", "forged stamp", "trap filled"],
)
def test_a_robot_gets_a_neutral_error_nothing_is_created_and_the_typing_stays(client, trap):
    response = client.post(reverse("account_signup"), {**GOOD, **trap()})
    assert response.status_code == 200
    assert NEUTRAL in response.text
    assert 'value="Anna Schmidt"' in response.text and 'value="anna@example.com"' in response.text
    assert "cheap.example" not in response.text  # the trap comes back empty
    assert not User.objects.filter(email="anna@example.com").exists()
    # The form comes back with a fresh stamp: sent again after a moment, it goes through.
    token = shown_token_in(response.text)
    assert signing.loads(token, salt=SIGNUP_SALT) > time.time() - 5
    later = {**GOOD, "shown": signing.dumps(signing.loads(token, salt=SIGNUP_SALT) - 5, salt=SIGNUP_SALT)}
    assert client.post(reverse("account_signup"), later).status_code == 302


def test_the_check_can_be_switched_off(client, settings):
    settings.SIGNUP_MIN_SECONDS = 0
    assert client.post(reverse("account_signup"), GOOD).status_code == 302
