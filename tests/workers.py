"""A real `celery worker` and `celery beat` against the test database and the run's Redis, to be killed.

Tests that prove "Celery delivers; the database guarantees" start them, SIGKILL them mid-task, and start
them again: whatever the kill lost, the sweeps must finish.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import connection


def worker_database_url() -> str:
    """DATABASE_URL of this run, pointing at the test database the worker must use."""
    url = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(url._replace(path=f"/{connection.settings_dict['NAME']}"))


class Workers:
    """`celery worker` and `celery beat` as a person would run them, each in its own process group.

    Beat runs both sweeps every second, and each takes what stayed pending two seconds.
    """

    def __init__(self, var_dir: Path, **env: str):
        self.env = {
            **os.environ,
            "PEERDESK_VAR_DIR": str(var_dir),
            "DATABASE_URL": worker_database_url(),
            "NOTIFICATIONS_SWEEP_AFTER_SECONDS": "2",
            "NOTIFICATIONS_SWEEP_EVERY_SECONDS": "1",
            "HANDOFF_SWEEP_AFTER_SECONDS": "2",
            "HANDOFF_SWEEP_EVERY_SECONDS": "1",
            "CONN_MAX_AGE": "0",
            **env,
        }
        self.env.pop("EMAIL_URL", None)
        self.var_dir, self.processes = var_dir, []

    def start(self) -> None:
        python = sys.executable
        for args in (
            ["worker", "--concurrency", "1", "--pool", "prefork", "--loglevel", "WARNING"],
            ["beat", "--schedule", str(self.var_dir / "beat-schedule"), "--loglevel", "WARNING"],
        ):
            self.processes.append(
                subprocess.Popen(
                    [python, "-m", "celery", "-A", "community", *args],
                    cwd=settings.BASE_DIR,
                    env=self.env,
                    start_new_session=True,
                    stdout=subprocess.DEVNULL,
                    stderr=(self.var_dir / f"{args[0]}.log").open("a"),
                )
            )

    def kill(self) -> None:
        for process in self.processes:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
        self.processes = []

    def log(self) -> str:
        return "\n".join(
            path.read_text()[-3000:] for name in ("worker", "beat") if (path := self.var_dir / f"{name}.log").exists()
        )
