import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from community.accounts.models import Role, User
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def settings_data(user: User, **changes) -> dict:
    data = {
        "display_name": user.display_name,
        "handle": user.handle,
        "bio": user.bio,
        "language": user.language,
        "time_zone": user.time_zone,
    }
    return {**data, **changes}


def png(size: int = 8) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (size, size), "#0b5cad").save(buffer, "PNG")
    return buffer.getvalue()


def test_the_profile_shows_name_handle_roles_and_initials(client):
    person = UserFactory(display_name="Sophie Berger", handle="sophie", bio="Cyclist.", roles=[Role.SUPER_USER])
    html = client.get(reverse("accounts:profile", args=["sophie"])).content.decode()
    assert "Sophie Berger" in html and "@sophie" in html and "Cyclist." in html
    assert "Super user" in html
    assert ">SB</span>" in html  # the initials avatar when there is no picture
    assert person.get_absolute_url() == "/people/sophie/"


def test_a_handle_in_other_case_leads_to_the_profile(client):
    UserFactory(handle="Sophie")
    response = client.get("/people/sophie/")
    assert response.status_code == 301 and response.url == "/people/Sophie/"


def test_an_unknown_profile_is_a_404(client):
    assert client.get("/people/nobody/").status_code == 404


def test_settings_change_name_bio_language_and_time_zone(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:settings"),
        settings_data(user, display_name="Anna S.", bio="Hello", language="de", time_zone="America/New_York"),
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.bio, user.language, user.time_zone) == (
        "Anna S.",
        "Hello",
        "de",
        "America/New_York",
    )
    assert "Deine Einstellungen sind gespeichert" in client.get(response.url).content.decode()


def test_a_picture_replaces_the_initials_and_can_be_removed(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user = UserFactory()
    client.force_login(user)
    upload = SimpleUploadedFile("me.png", png(), content_type="image/png")
    client.post(reverse("accounts:settings"), {**settings_data(user), "avatar": upload})
    user.refresh_from_db()
    assert user.avatar.name.startswith("avatars/")
    client.post(reverse("accounts:settings"), {**settings_data(user), "remove_avatar": "on"})
    user.refresh_from_db()
    assert not user.avatar


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"handle": "taken"}, "already uses this handle"),
        ({"handle": "a b"}, "3 to 30 letters"),
        ({"display_name": ""}, "This field is required"),
        ({"time_zone": "Mars/Olympus"}, "not one of the available choices"),
        ({"language": "fr"}, "not one of the available choices"),
        ({"bio": "x" * 501}, "at most 500 characters"),
    ],
)
def test_bad_settings_are_explained_and_what_was_typed_stays(client, changes, message):
    UserFactory(handle="Taken")
    user = UserFactory(display_name="Original")
    client.force_login(user)
    response = client.post(reverse("accounts:settings"), settings_data(user, **changes))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    for value in changes.values():
        if value and len(value) < 100:
            assert value in html
    user.refresh_from_db()
    assert user.display_name == "Original"


def test_a_file_that_is_not_a_picture_is_refused(client):
    user = UserFactory()
    client.force_login(user)
    upload = SimpleUploadedFile("me.png", b"not an image", content_type="image/png")
    response = client.post(reverse("accounts:settings"), {**settings_data(user), "avatar": upload})
    assert response.status_code == 200
    assert "Upload a valid image" in response.content.decode()


def test_settings_need_a_signed_in_person(client):
    response = client.get(reverse("accounts:settings"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_the_profile_page_costs_the_same_queries_for_anyone(client, django_assert_max_num_queries):
    UserFactory(handle="sophie", roles=[Role.SUPER_USER, Role.AGENT])
    # The person, and the reputation section (standing, next rank, answers, questions, badges, chart).
    with django_assert_max_num_queries(12):
        assert client.get("/people/sophie/").status_code == 200
