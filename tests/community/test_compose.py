"""docker-compose.yml, read without a container engine: its structure, that every command of our image
exists in it, and that every setting the settings module reads is named in .env.example."""

import importlib
import json
import re
import shlex
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import get_commands

ROOT = Path(settings.BASE_DIR)
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
OURS = {name for name, service in SERVICES.items() if service.get("build")}  # run the image the Dockerfile builds
# A service without a health check, and why (the same reasons are comments in docker-compose.yml).
NO_HEALTHCHECK = {
    "migrate": "a one-shot job: the others wait for it to complete successfully",
    "beat": "no port, answers no ping; restarted when it exits, its stop shows in /metrics (outbox age)",
}


def dockerfile_cmd() -> list[str]:
    line = next(line for line in (ROOT / "Dockerfile").read_text().splitlines() if line.startswith("CMD "))
    return json.loads(line[4:])


def command_of(name: str) -> list[str]:
    command = SERVICES[name].get("command")
    if command is None:
        return dockerfile_cmd()
    return shlex.split(command) if isinstance(command, str) else list(command)


def test_the_site_s_parts_are_all_there():
    assert {"web", "worker", "beat", "db", "redis", "caddy", "migrate"} <= set(SERVICES)
    assert SERVICES["db"]["image"].startswith("pgvector/pgvector:")
    assert {"web", "worker", "beat", "migrate"} <= OURS


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_every_service_restarts_and_has_a_health_check_or_a_reason(name):
    service = SERVICES[name]
    if name == "migrate":
        assert service["restart"] == "no"
    else:
        assert service["restart"] in {"unless-stopped", "always", "on-failure"}
    check = service.get("healthcheck", {})
    if name in NO_HEALTHCHECK:
        # Our image has a HEALTHCHECK for web; a service of the image that is no web server must switch it off.
        assert check.get("disable") is True
    else:
        assert check.get("test") and not check.get("disable"), f"{name} has no health check"


def test_data_lives_in_named_volumes():
    declared = set(COMPOSE["volumes"])

    def mounts(name):
        return {v.split(":")[1]: v.split(":")[0] for v in SERVICES[name].get("volumes", [])}

    assert mounts("db")["/var/lib/postgresql/data"] in declared
    assert mounts("redis")["/data"] in declared
    for name in OURS:
        environment = SERVICES[name]["environment"]
        assert mounts(name)[environment["MEDIA_ROOT"]] == "media"
        assert mounts(name)[environment["PRIVATE_MEDIA_ROOT"]] == "private"
    assert mounts("caddy")["/srv/media"] == "media"  # Caddy serves the same uploads
    assert "--appendonly" in command_of("redis")  # a restart keeps queued tasks


def test_settings_come_from_an_env_file_and_services_wait_for_their_dependencies():
    for name in OURS:
        assert SERVICES[name]["env_file"] == ".env"
    for name in OURS - {"migrate"}:
        waits = SERVICES[name]["depends_on"]
        assert waits["db"]["condition"] == "service_healthy"
        assert waits["redis"]["condition"] == "service_healthy"
        assert waits["migrate"]["condition"] == "service_completed_successfully"


def test_web_and_workers_can_be_scaled_and_the_proxy_balances_over_every_web_container():
    for name in ("web", "worker"):
        assert "container_name" not in SERVICES[name] and "ports" not in SERVICES[name]
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert re.search(r"dynamic a \{\s*name web\s*port 8000", caddyfile)
    assert "X-Request-ID" in caddyfile
    mounted = {v.split(":")[0] for v in SERVICES["caddy"]["volumes"]}
    assert "./deploy/Caddyfile" in mounted


def _installed_script(executable: str) -> str:
    """The distribution whose console script this is; it must be pinned in requirements.lock."""
    scripts = {ep.name: ep.dist.name for ep in entry_points(group="console_scripts")}
    assert executable in scripts, f"no installed package provides {executable!r}"
    return scripts[executable].lower().replace("_", "-")


def _check_our_command(args: list[str]) -> None:
    pinned = {
        line.split("==")[0].lower() for line in (ROOT / "requirements.lock").read_text().splitlines() if "==" in line
    }
    executable, rest = args[0], args[1:]
    if executable == "python":
        if rest[0] == "-c":
            compile(rest[1], "<healthcheck>", "exec")
        else:
            assert rest[0] == "manage.py" and (ROOT / "manage.py").exists()
            assert rest[1] in get_commands(), f"manage.py has no command {rest[1]!r}"
        return
    assert _installed_script(executable) in pinned, f"{executable} is not installed by requirements.lock"
    if executable == "celery":
        app_module = rest[rest.index("-A") + 1]
        app = importlib.import_module(app_module).celery_app
        assert app.main == "community"
        subcommand = next(arg for arg in rest[rest.index("-A") + 2 :] if not arg.startswith("-"))
        assert subcommand in {"worker", "beat", "inspect"}
        if "-Q" in rest:
            known = {getattr(q, "name", q) for q in getattr(settings, "CELERY_TASK_QUEUES", None) or []}
            known.add(getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery"))
            for queue in rest[rest.index("-Q") + 1].split(","):
                assert queue in known, f"the worker listens to {queue!r}, which no setting names"
    elif executable == "gunicorn":
        config = rest[rest.index("--config") + 1]
        assert (ROOT / config).exists()
        module = next(arg for arg in rest if not arg.startswith("-") and arg != config)
        assert callable(importlib.import_module(module).application)
    else:
        pytest.fail(f"unknown program in a command: {executable}")


def test_every_queue_has_a_worker_listening():
    from community import queues

    listened = set()
    for name in OURS:
        args = command_of(name)
        if args[0] == "celery" and "worker" in args:
            # A worker without -Q listens on the default queue only.
            listened.update(args[args.index("-Q") + 1].split(",") if "-Q" in args else [queues.DEFAULT])
    assert listened >= set(queues.QUEUES), f"no worker listens on {set(queues.QUEUES) - listened}"


@pytest.mark.parametrize("name", sorted(OURS))
def test_every_command_of_our_image_exists_in_it(name):
    _check_our_command(command_of(name))
    check = SERVICES[name].get("healthcheck", {}).get("test")
    if check:
        kind, *words = check
        _check_our_command(shlex.split(words[0]) if kind == "CMD-SHELL" else words)


def test_the_image_s_own_command_and_health_check_exist():
    _check_our_command(dockerfile_cmd())
    healthcheck = next(
        line for line in (ROOT / "Dockerfile").read_text().splitlines() if line.startswith("HEALTHCHECK")
    )
    _check_our_command(shlex.split(healthcheck.split(" CMD ", 1)[1]))


def settings_read_from_the_environment() -> set[str]:
    source = (ROOT / "community" / "settings.py").read_text()
    return set(re.findall(r"\benv(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]*)\"", source))


def test_every_setting_read_from_the_environment_is_named_in_env_example():
    named = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    read = settings_read_from_the_environment()
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "METRICS_TOKEN"} <= read  # the parse finds them
    assert read - named == set()
    # What the compose file itself takes from .env.
    interpolated = set(re.findall(r"\$\{([A-Z_]+)\}", (ROOT / "docker-compose.yml").read_text()))
    assert interpolated and interpolated - named == set()
