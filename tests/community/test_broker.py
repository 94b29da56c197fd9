"""The broker under load, for real: Redis (embedded, or REDIS_URL), a real worker, messages sent while it reads.

kombu's filesystem transport let a worker read a message file before it was written and die with a
JSONDecodeError; Redis hands over whole messages. Every task sent runs, and runs once.
"""

import os
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest
from django.conf import settings

from community.celery import app as celery_app

from .worker_probe import NAME

TASKS = 2_000
SENDERS = 4
TIMEOUT = 120


@pytest.fixture
def real_broker():
    """This process sends for real, into the broker the worker reads; nothing left from an earlier run."""
    conf = celery_app.conf
    saved = conf.task_always_eager
    conf.task_always_eager = False
    celery_app.control.purge()
    yield
    celery_app.control.purge()
    conf.task_always_eager = saved


def start_worker(log_path):
    env = {**os.environ, "CONN_MAX_AGE": "0"}
    command = [sys.executable, "-m", "celery", "-A", "community", "worker", "--include", "tests.community.worker_probe"]
    command += ["--pool", "prefork", "--concurrency", "2", "--loglevel", "WARNING", "--without-heartbeat"]
    with open(log_path, "w") as log:
        return subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=log, start_new_session=True)


def test_two_thousand_tasks_sent_while_a_worker_consumes_each_run_exactly_once(real_broker, tmp_path):
    ran = tmp_path / "ran.txt"
    ran.touch()
    log = tmp_path / "worker.log"
    worker = start_worker(log)
    try:
        # Several senders at once, like web processes and an import beside them, while the worker reads.
        def send(numbers):
            for number in numbers:
                celery_app.send_task(NAME, args=[number, str(ran)])

        senders = [threading.Thread(target=send, args=(range(i, TASKS, SENDERS),)) for i in range(SENDERS)]
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join()
        deadline = time.monotonic() + TIMEOUT
        while len(ran.read_text().splitlines()) < TASKS:
            assert worker.poll() is None, f"the worker died:\n{log.read_text()[-3000:]}"
            assert time.monotonic() < deadline, (
                f"{len(ran.read_text().splitlines())} of {TASKS} ran:\n{log.read_text()[-3000:]}"
            )
            time.sleep(0.2)
        time.sleep(2)  # a duplicate delivery would land now, and be counted
        assert worker.poll() is None, f"the worker died:\n{log.read_text()[-3000:]}"
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    counts = Counter(int(line) for line in ran.read_text().splitlines())
    assert set(counts) == set(range(TASKS))
    assert [number for number, times in counts.items() if times != 1] == []
    assert "Unrecoverable error" not in log.read_text()
