"""Every response switches browser features off; personal responses are never kept by a shared cache."""

import pytest
from django.urls import reverse
from django.utils.cache import get_max_age

from tests.accounts.factories import UserFactory
from tests.forum.factories import QuestionFactory

pytestmark = pytest.mark.django_db

OFF = ["camera", "microphone", "geolocation", "payment", "usb", "interest-cohort", "display-capture"]


def features_off(response) -> set[str]:
    policy = response.headers.get("Permissions-Policy", "")
    return {part.split("=")[0].strip() for part in policy.split(",") if part.strip().endswith("=()")}


def cache_control(response) -> set[str]:
    return {part.strip().split("=")[0] for part in response.headers.get("Cache-Control", "").split(",") if part}


@pytest.fixture
def question(db):
    return QuestionFactory()


def addresses(question) -> dict[str, str]:
    """One address of each kind of response the site gives."""
    return {
        "page": "/",
        "thread": question.get_absolute_url(),
        "form page": reverse("account_login"),
        "htmx fragment": reverse("forum:search-suggest") + "?q=heating",
        "feed": reverse("forum:category-feed", args=[question.category.slug]),
        "redirect": reverse("forum:question-redirect", args=[question.pk]),
        "not found": "/nothing-here/",
        "bad request": "/tags/%00/",
        "probe": "/healthz",
        "static file": "/static/css/peerdesk.css",
        "admin": "/admin/",
    }


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed-out", "signed-in"])
def test_every_kind_of_response_switches_unused_browser_features_off(client, question, signed_in):
    if signed_in:
        client.force_login(UserFactory())
    for kind, address in addresses(question).items():
        response = client.get(address)
        assert set(OFF) <= features_off(response), kind


def test_every_signed_in_response_is_private(client, question):
    client.force_login(UserFactory())
    for kind, address in addresses(question).items():
        if kind == "static file":
            continue
        response = client.get(address)
        assert "private" in cache_control(response), kind
        assert "public" not in cache_control(response), kind


def test_pages_with_a_form_are_private_for_signed_out_visitors_too(client, question):
    for address in [reverse("account_login"), reverse("account_signup")]:
        response = client.get(address)
        assert 'name="csrfmiddlewaretoken"' in response.content.decode()
        assert "private" in cache_control(response), address


def test_reading_pages_carry_no_token_for_signed_out_visitors_and_are_asked_for_again(client, question):
    """Kept whole for every signed-out reader (community/page_cache.py): no token, and a copy anywhere is
    checked again before each use (a 304 while it is current)."""
    for address in ["/", question.get_absolute_url()]:
        response = client.get(address)
        assert 'name="csrfmiddlewaretoken"' not in response.content.decode()
        assert not response.cookies, address
        assert "no-cache" in cache_control(response) and "private" not in cache_control(response), address


def test_what_is_the_same_for_every_signed_out_visitor_may_be_cached(client, question):
    feed = client.get(reverse("forum:category-feed", args=[question.category.slug]))
    assert feed.status_code == 200 and "private" not in cache_control(feed)
    static = client.get("/static/css/peerdesk.css")
    assert static.status_code == 200 and "private" not in cache_control(static)


def test_static_files_stay_cacheable_for_signed_in_visitors(client):
    client.force_login(UserFactory())
    response = client.get("/static/css/peerdesk.css")
    assert "private" not in cache_control(response)
    assert get_max_age(response) is None or get_max_age(response) >= 0


# --- Every kind of page carries the security headers (tests fail when a header or its setting is removed) ---


@pytest.fixture
def site(db):
    """One thing of every kind a page shows: a tagged question, a solved one with its article, an idea, a person."""
    from forum import services as forum_services
    from tests.forum.factories import AnswerFactory
    from tests.ideas.factories import IdeaFactory

    question = QuestionFactory()
    question.tags.add("thermostat")
    solved = QuestionFactory(category=question.category, is_solved=True)
    AnswerFactory(question=solved, is_accepted=True, body="Hold the reset button for ten seconds.")
    article = forum_services.sync_article(question_id=solved.pk)
    return {"question": question, "article": article, "idea": IdeaFactory(), "person": UserFactory()}


def page_kinds(site) -> dict[str, tuple[str, int]]:
    """Each kind of page (address, the status it answers with)."""
    question, article = site["question"], site["article"]
    return {
        "home": ("/", 200),
        "category": (reverse("forum:category-detail", args=[question.category.slug]), 200),
        "question": (question.get_absolute_url(), 200),
        "knowledge-base article": (reverse("forum:article-detail", args=[article.pk, "x"]), 301),
        "tag": (reverse("forum:tag-detail", args=["thermostat"]), 200),
        "ideas": (reverse("ideas:idea-list"), 200),
        "idea": (site["idea"].get_absolute_url(), 200),
        "roadmap": (reverse("ideas:roadmap"), 200),
        "profile": (reverse("accounts:profile", args=[site["person"].handle]), 200),
        "search": (reverse("forum:search") + "?q=reset", 200),
        "login": (reverse("account_login"), 200),
        "API": ("/api/helpdesk/search?q=reset", 401),
        "API reference": ("/api/docs", 200),
        "static file": ("/static/css/peerdesk.css", 200),
        "not found": ("/nothing-here/", 404),
    }


def test_every_kind_of_page_carries_the_security_headers(client, site, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000  # production's (on whenever DEBUG is off)
    for kind, (address, status) in page_kinds(site).items():
        response = client.get(address, secure=True)  # HSTS is only sent over HTTPS
        assert response.status_code == status, kind
        headers = response.headers
        assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload", kind
        assert headers["X-Content-Type-Options"] == "nosniff", kind
        assert headers["Referrer-Policy"] == "same-origin", kind
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin", kind
        assert set(OFF) <= features_off(response), kind
        assert headers["X-Request-ID"], kind
        if kind == "static file":
            continue  # WhiteNoise answers before the page headers: a stylesheet frames nothing and runs nothing
        assert headers["X-Frame-Options"] == "DENY", kind
        policy = headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy, kind
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy, kind


def test_hashed_static_files_are_kept_by_browsers_for_a_year(client, settings, tmp_path):
    """What the image serves (COLLECTSTATIC=1): names with a content hash, so they never change under a name."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    settings.STATICFILES_DIRS = [settings.BASE_DIR / "static" / "css"]  # a small tree: only the layout
    settings.INSTALLED_APPS = [app for app in settings.INSTALLED_APPS if app != "django.contrib.admin"]
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    call_command("collectstatic", "--noinput", verbosity=0)
    hashed = staticfiles_storage.url("peerdesk.css")
    assert hashed != "/static/peerdesk.css"  # the name carries the hash

    response = client.get(hashed)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "max-age=315360000, public, immutable"
    plain = client.get("/static/peerdesk.css")  # the unhashed name may change: kept briefly
    assert plain.status_code == 200 and "immutable" not in plain.headers["Cache-Control"]
