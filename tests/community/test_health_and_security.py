import json
import os
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from community.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_touching_anything(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readyz_is_ok_when_database_broker_and_cache_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "broker": "ok", "cache": "ok"}


def test_readyz_names_the_broker_when_it_is_down(client):
    original = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        response = client.get("/readyz")
    finally:
        celery_app.conf.broker_url = original
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["broker"].startswith("broker unreachable")
    assert body["checks"]["database"] == "ok"


def run_django(code: str, **environment) -> subprocess.CompletedProcess:
    env = {**os.environ, **environment}
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_readyz_names_the_database_when_it_is_down():
    code = (
        "from django.test import Client; import json;"
        "r = Client(HTTP_HOST='localhost').get('/readyz', secure=True); print(r.status_code, json.dumps(r.json()))"
    )
    result = run_django(code, DATABASE_URL="postgresql://nobody@127.0.0.1:1/nothing", CONN_MAX_AGE="0")
    status, body = result.stdout.strip().splitlines()[-1].split(" ", 1)
    assert status == "503", result.stderr
    checks = json.loads(body)["checks"]
    assert checks["database"].startswith("database unreachable")
    assert checks["broker"] == "ok"


def production_env(**changes) -> dict:
    """The environment of a production deployment: no test-run overrides, DEBUG off.

    The database is the test run's (its committed state: migrated, nobody signed up), never the local
    one that `make run` filled with demo people, whom `check --deploy` rightly warns about.
    """
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECURE_SSL_REDIRECT", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    server = urlsplit(os.environ.get("DATABASE_URL", settings.EMBEDDED_DATABASE_URL))
    test_database = server._replace(path=f"/{settings.DATABASES['default']['NAME']}").geturl()
    return {**env, **PRODUCTION, "DATABASE_URL": test_database, **changes}


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-key-7f3c9a1e5b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a",
    "ALLOWED_HOSTS": "community.example.com",
    "SITE_URL": "https://community.example.com",
}


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_rejects_the_development_key():
    env = production_env()
    env.pop("SECRET_KEY")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stdout + result.stderr


def test_every_page_carries_the_security_headers(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_have_no_inline_script(client):
    html = client.get("/accounts/signup/").content.decode()
    assert "<script>" not in html and " on" + "click=" not in html
    for tag in html.split("<script")[1:]:
        assert 'src="/static/' in tag.split(">")[0]


def test_production_redirects_plain_http_to_https_but_not_the_probes(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/").status_code == 301
    assert client.get("/healthz").status_code == 200


def redis_reachable() -> bool:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def test_with_nothing_set_the_embedded_redis_is_the_broker_and_the_cache(tmp_path):
    code = (
        "from django.conf import settings; cache = settings.CACHES['default'];"
        "print(settings.CELERY_BROKER_URL, cache['BACKEND'], cache['LOCATION'])"
    )
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env["PEERDESK_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    broker, backend, location = result.stdout.strip().splitlines()[-1].split(" ")
    socket_path = tmp_path / "redis" / "redis.sock"
    assert broker == f"redis+socket://{socket_path}?virtual_host=0", result.stderr
    assert backend == "community.cache.ForgivingRedisCache"
    assert location == f"unix://{socket_path}?db=0"


def test_the_test_run_has_its_own_redis_and_readyz_finds_it(client):
    # `make test` starts the embedded Redis (or uses REDIS_URL); the tests never share the site's database 0.
    if not os.environ.get("REDIS_URL", "").startswith("redis://"):
        assert settings.REDIS_URL.endswith("?db=1")
    assert client.get("/readyz").json()["checks"]["broker"] == "ok"


@pytest.mark.redis
@pytest.mark.skipif(not redis_reachable(), reason="needs a Redis server on 127.0.0.1:6379")
def test_with_redis_url_that_redis_is_the_broker_and_the_cache():
    code = (
        "from django.conf import settings; from django.test import Client; import json;"
        "r = Client(HTTP_HOST='localhost').get('/readyz', secure=True);"
        "c = r.json()['checks']; print(settings.CELERY_BROKER_URL, settings.CACHES['default']['BACKEND'],"
        " c['broker'], c['cache'])"
    )
    result = run_django(code, REDIS_URL="redis://127.0.0.1:6379/15")
    broker, backend, broker_check, cache_check = result.stdout.strip().splitlines()[-1].split(" ")
    assert broker == "redis://127.0.0.1:6379/15"
    assert backend == "community.cache.ForgivingRedisCache"
    assert (broker_check, cache_check) == ("ok", "ok"), result.stderr
