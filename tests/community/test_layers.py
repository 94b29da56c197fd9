"""How the parts talk, checked in the source: the layers point one way, and nothing reaches Celery but
through a hand-off row (or a row of its own that a sweep sends again)."""

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = {"forum", "notifications", "moderation", "superusers", "ideas", "helpdesk", "insights"}
ABOVE_THE_FORUM = APPS - {"forum"}


def sources(folder: str, root: Path = ROOT):
    for path in sorted((root / folder).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def imported(path: Path) -> set[str]:
    """The top-level packages a module imports, at the top or inside a function."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def offenders(folder: str, forbidden: set[str], root: Path = ROOT) -> list[str]:
    return [
        f"{path.relative_to(root)} imports {sorted(imported(path) & forbidden)}"
        for path in sources(folder, root)
        if imported(path) & forbidden
    ]


def test_the_foundation_knows_no_app():
    assert offenders("community", APPS) == []


def test_the_forum_knows_only_the_foundation():
    assert offenders("forum", ABOVE_THE_FORUM) == []


def test_no_app_imports_notifications_which_hears_them_at_their_events():
    for app in ("forum", "ideas", "superusers", "moderation"):
        assert offenders(app, {"notifications"}) == []
        for template in sorted((ROOT / "templates" / app).rglob("*.html")):
            text = template.read_text()
            assert not re.search(r"{%\s*load[^%]*\bnotifications\b", text), template
            assert "notifications:" not in text, template


def test_the_apps_above_the_forum_meet_at_events():
    allowed = {
        # It reads the apps it tells about (plans/, handlers): whom to tell, and in which words.
        "notifications": {"ideas", "superusers", "helpdesk", "insights"},
        # Reads only: who follows a topic and who may not write (routing offers), an idea's status (webhooks).
        "helpdesk": {"notifications", "moderation", "ideas"},
    }
    for app in ("ideas", "superusers", "moderation", "notifications", "helpdesk"):
        assert offenders(app, ABOVE_THE_FORUM - {app} - allowed.get(app, set())) == []


CELERY_CALLS = {"delay", "apply_async", "send_task"}
# Where a message may be sent directly: the hand-off mechanism itself, and the notification outbox, whose
# email batches follow their delivery rows (notifications.tasks.sweep sends again what stayed pending).
DIRECT_SENDERS = {"community/handoffs.py", "notifications/tasks.py"}
# The helpdesk's webhook deliveries and escalations are rows that carry their attempts and next_attempt_at:
# its tasks schedule the next attempt themselves, and helpdesk.tasks.sweep_outbound sends what stayed due.
DIRECT_SENDERS |= {"helpdesk/tasks.py"}


def test_every_hand_off_to_celery_is_a_row_first():
    direct = []
    for folder in ("community", *sorted(APPS)):
        if not (ROOT / folder).exists():
            continue
        for path in sources(folder):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in CELERY_CALLS
                ):
                    direct.append(f"{path.relative_to(ROOT)}:{node.lineno} .{node.func.attr}()")
    assert {line.split(":")[0] for line in direct} <= DIRECT_SENDERS, direct
    notification_sends = [line for line in direct if line.startswith("notifications/")]
    assert notification_sends and all("delay" in line for line in notification_sends)
    send_emails = (ROOT / "notifications" / "tasks.py").read_text()
    assert send_emails.count(".delay(") == send_emails.count("send_emails.delay(")  # only the outbox's emails


# Django's documented model API keeps its leading underscore; everything else with one is a module's own.
DJANGO_PUBLIC = {"_meta", "_default_manager", "_base_manager"}


def private_reaches(path: Path, root: Path = ROOT) -> list[str]:
    """`from x import _name`, and `module._name` on a module this file imported."""
    tree = ast.parse(path.read_text(), str(path))
    reaches, bound = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    reaches.append(f"{path.relative_to(root)}:{node.lineno} imports {alias.name}")
                bound.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            bound |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in bound
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and node.attr not in DJANGO_PUBLIC
        ):
            reaches.append(f"{path.relative_to(root)}:{node.lineno} reads {node.value.id}.{node.attr}")
    return reaches


def test_no_module_reaches_into_another_modules_private_names():
    reaches = []
    for folder in ("community", *sorted(APPS), "tests"):
        if (ROOT / folder).exists():
            for path in sources(folder):
                reaches += private_reaches(path)
    assert reaches == []


def test_the_contract_fails_on_a_forbidden_import_or_a_private_reach(tmp_path):
    (tmp_path / "community").mkdir()
    (tmp_path / "community" / "fine.py").write_text("from django.db import models\nfrom . import events\n")
    (tmp_path / "community" / "upward.py").write_text("def late():\n    from forum.models import Question\n")
    assert offenders("community", APPS, tmp_path) == ["community/upward.py imports ['forum']"]
    module = tmp_path / "offender.py"
    module.write_text("from forum.services import _common\nfrom forum.search import query\nquery._results()\n")
    assert private_reaches(module, tmp_path) == ["offender.py:1 imports _common", "offender.py:3 reads query._results"]
