"""`make run`'s supervisor, for real: embedded PostgreSQL and Redis, migrations, demo data, web, worker and beat.

Each run uses its own var folder and port, so it never touches the database the tests use.
"""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import urlopen

import psutil
import pytest
from django.conf import settings

from community import embedded, embedded_redis

START_TIMEOUT = 180


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Run:
    def __init__(self, var_dir: Path, port: int):
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "EMAIL_URL"}}
        env.update(PEERDESK_VAR_DIR=str(var_dir), PORT=str(port))
        self.port, self.var_dir, self.log = port, var_dir, var_dir.parent / f"run-{port}.log"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "community.local", "run"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )
        self.descendants: list[psutil.Process] = []

    def wait_until_serving(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.output()
            try:
                with urlopen(f"http://127.0.0.1:{self.port}/readyz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail(f"not serving after {START_TIMEOUT} s:\n{self.output()}")
        # Wait for the worker and beat to be up too, then remember every process of the run.
        while time.monotonic() < deadline:
            self.descendants = psutil.Process(self.process.pid).children(recursive=True)
            commands = [" ".join(p.cmdline()) for p in self.descendants if p.is_running()]
            announced = "Peerdesk is ready" in self.output()
            if announced and any("worker" in c for c in commands) and any(" beat " in c for c in commands):
                return
            time.sleep(0.5)
        pytest.fail("worker and beat did not start")

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait(self, timeout: float = 60) -> int:
        return self.process.wait(timeout=timeout)

    def leftovers(self) -> list[str]:
        alive = [p for p in self.descendants if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        return [" ".join(p.cmdline()) for p in alive]


@pytest.fixture
def var_dir():
    """A folder of its own under /tmp, not under pytest's basetemp: another pytest session on the machine
    makes /tmp/pytest-of-<user> private again, and the embedded PostgreSQL runs as a user of its own."""
    with tempfile.TemporaryDirectory(prefix="peerdesk-local-run-") as parent:
        folder = Path(parent) / "var"
        folder.mkdir()
        yield folder
        # whatever a failed test left running
        embedded_redis.stop(folder / "redis")
        embedded.stop(folder / "pg")


def test_ctrl_c_stops_everything_and_a_second_start_reuses_the_data(var_dir):
    first = Run(var_dir, free_port())
    first.wait_until_serving()
    assert "Demo logins" in first.output() and "peerdesk-demo" in first.output()
    assert embedded.running_server(var_dir / "pg") is not None
    assert embedded_redis.running_server(var_dir / "redis") is not None
    first.process.send_signal(signal.SIGINT)
    assert first.wait() == 0, first.output()
    assert first.leftovers() == []
    assert embedded.running_server(var_dir / "pg") is None
    assert embedded_redis.running_server(var_dir / "redis") is None
    assert "embedded PostgreSQL stopped" in first.output()
    assert "embedded Redis stopped" in first.output()
    assert "stopped unexpectedly" not in first.output()

    second = Run(var_dir, free_port())
    second.wait_until_serving()
    assert "demo data left as it is" in second.output()
    second.process.send_signal(signal.SIGTERM)
    assert second.wait() == 0, second.output()
    assert second.leftovers() == []
    assert embedded.running_server(var_dir / "pg") is None


def test_a_crash_of_the_database_is_reported_and_stops_the_rest(var_dir):
    run = Run(var_dir, free_port())
    run.wait_until_serving()
    postmaster = embedded.running_server(var_dir / "pg")
    os.kill(postmaster.pid, signal.SIGKILL)
    assert run.wait() == 1
    assert "PostgreSQL stopped unexpectedly" in run.output()
    assert run.leftovers() == []


def test_a_killed_worker_is_named_with_the_reason_and_everything_stops(var_dir):
    run = Run(var_dir, free_port())
    run.wait_until_serving()
    worker = next(p for p in run.descendants if {"celery", "worker"} <= set(p.cmdline()))
    worker.kill()
    assert run.wait() == 1
    assert "The Celery worker stopped unexpectedly (killed by SIGKILL)" in run.output()
    assert run.leftovers() == []
    assert embedded_redis.running_server(var_dir / "redis") is None
    assert embedded.running_server(var_dir / "pg") is None


def test_a_crash_of_redis_is_reported_and_stops_the_rest(var_dir):
    run = Run(var_dir, free_port())
    run.wait_until_serving()
    os.kill(embedded_redis.running_server(var_dir / "redis").pid, signal.SIGKILL)
    assert run.wait() == 1
    assert "The embedded Redis stopped unexpectedly" in run.output()
    assert run.leftovers() == []


def test_a_stale_handle_file_from_a_killed_run_does_not_block_the_next_stop(var_dir):
    server = embedded.start(var_dir / "pg")
    (var_dir / "pg" / ".handle_pids.json").write_text("[999999]")
    embedded.stop(var_dir / "pg")
    assert embedded.running_server(var_dir / "pg") is None
    assert server.started_here


def test_sigterm_to_the_test_runner_stops_the_servers_it_started(tmp_path, var_dir):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env["PEERDESK_VAR_DIR"] = str(var_dir)
    # A "test run" that waits: pytest on a test file that sleeps until it is stopped.
    (tmp_path / "test_wait.py").write_text("import time\n\ndef test_wait():\n    time.sleep(120)\n")
    runner = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "community.local",
            "test",
            "--",
            "-p",
            "no:django",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(tmp_path),
            "-c",
            "/dev/null",
            str(tmp_path / "test_wait.py"),
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while (
            embedded_redis.running_server(var_dir / "redis") is None or embedded.running_server(var_dir / "pg") is None
        ):
            assert runner.poll() is None and time.monotonic() < deadline, runner.stdout.read().decode()
            time.sleep(0.2)
        runner.send_signal(signal.SIGTERM)
        runner.wait(timeout=60)
        assert embedded_redis.running_server(var_dir / "redis") is None
        assert embedded.running_server(var_dir / "pg") is None
    finally:
        if runner.poll() is None:
            os.killpg(runner.pid, signal.SIGKILL)
        embedded_redis.stop(var_dir / "redis")
        embedded.stop(var_dir / "pg")
