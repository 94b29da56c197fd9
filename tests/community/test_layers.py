"""How the parts talk, checked in the source: the layers point one way, and nothing reaches Celery but
through a hand-off row (or a row of its own that a sweep sends again)."""

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = {"forum", "notifications", "moderation", "superusers", "ideas", "helpdesk", "insights"}
ABOVE_THE_FORUM = APPS - {"forum"}


def sources(folder: str):
    for path in sorted((ROOT / folder).rglob("*.py")):
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


def offenders(folder: str, forbidden: set[str]) -> list[str]:
    return [
        f"{path.relative_to(ROOT)} imports {sorted(imported(path) & forbidden)}"
        for path in sources(folder)
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
        "notifications": {"ideas", "superusers"},
        # Badge rules read the idea board's data; a promotion is written to moderation's audit log through its
        # service, as the moderator's own command.
        "superusers": {"ideas", "moderation"},
    }
    for app in ("ideas", "superusers", "moderation", "notifications"):
        assert offenders(app, ABOVE_THE_FORUM - {app} - allowed.get(app, set())) == []


CELERY_CALLS = {"delay", "apply_async", "send_task"}
# Where a message may be sent directly: the hand-off mechanism itself, and the notification outbox, whose
# email batches follow their delivery rows (notifications.tasks.sweep sends again what stayed pending).
DIRECT_SENDERS = {"community/handoffs.py", "notifications/tasks.py"}


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
