"""Queues per kind of work, and a killed worker's task running again within a minute, on the real broker."""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings

from community import queues
from community.celery import app as celery_app

from .worker_probe import SLOW

KILL_TO_RERUN_SECONDS = 60


def project_tasks() -> dict:
    celery_app.loader.import_default_modules()
    return {name: task for name, task in celery_app.tasks.items() if not name.startswith(("celery.", "tests."))}


def queue_of(name: str) -> str:
    return celery_app.amqp.router.route({}, name)["queue"].name


def test_every_task_goes_to_one_of_the_four_queues_and_each_kind_to_its_own():
    tasks = project_tasks()
    assert set(queues.ROUTES) <= set(tasks), "a route names a task that does not exist"
    assert {queue_of(name) for name in tasks} == set(queues.QUEUES)
    assert queue_of("notifications.tasks.send_emails") == queue_of("notifications.tasks.send_digests") == "mail"
    assert queue_of("forum.tasks.sync_article") == "search"
    assert queue_of("superusers.tasks.nightly") == queue_of("insights.tasks.roll_up_yesterday") == "nightly"
    assert queue_of("notifications.tasks.run_fanout") == queue_of("community.tasks.sweep_handoffs") == "default"


def test_long_tasks_are_acknowledged_on_receipt_and_every_other_one_late():
    for name, task in project_tasks().items():
        assert task.acks_late is (name not in queues.EARLY_ACK), name


def test_the_visibility_timeout_hands_a_lost_task_back_within_a_minute():
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    # The longest wait: the timeout, then the next look of a worker for overdue messages.
    looks_every = options["unacked_restore_interval"] * options["unacked_restore_throttle"]
    assert options["visibility_timeout"] + looks_every < 60


@pytest.fixture
def real_broker():
    """This process sends for real, into the run's Redis; nothing left from an earlier run or for the next."""
    conf = celery_app.conf
    saved = conf.task_always_eager
    conf.task_always_eager = False
    celery_app.control.purge()
    yield
    celery_app.control.purge()
    conf.task_always_eager = saved


def waiting_in(queue: str) -> int:
    with celery_app.connection_for_write() as connection:
        return connection.default_channel.client.llen(queue)


def test_a_message_waits_in_the_queue_of_its_kind_on_the_broker(real_broker):
    from forum.tasks import sync_article
    from notifications.tasks import send_emails
    from superusers.tasks import nightly

    send_emails.delay(delivery_ids=[])
    sync_article.delay(event_type="AnswerAccepted", event={})
    nightly.delay()
    nightly.delay()
    assert {queue: waiting_in(queue) for queue in queues.QUEUES} == {"default": 0, "mail": 1, "search": 1, "nightly": 2}


def start_worker(log_path, *queue_names: str) -> subprocess.Popen:
    env = {**os.environ, "CONN_MAX_AGE": "0"}
    command = [sys.executable, "-m", "celery", "-A", "community", "worker", "--include", "tests.community.worker_probe"]
    command += ["--pool", "prefork", "--concurrency", "1", "--loglevel", "WARNING", "--without-heartbeat"]
    command += ["--queues", ",".join(queue_names)]
    log = open(log_path, "a")  # noqa: SIM115  (the worker holds it)
    return subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=log, start_new_session=True)


def lines(path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def wait_for(condition, seconds: float, what: str, log) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"{what} after {seconds:.0f} s:\n{log.read_text()[-3000:]}"
        time.sleep(0.1)


def test_a_task_whose_worker_was_killed_runs_again_within_a_minute(real_broker, tmp_path):
    said, log = tmp_path / "said.txt", tmp_path / "worker.log"
    worker = start_worker(log, "default")
    try:
        celery_app.send_task(SLOW, args=[1, str(said), 3])
        wait_for(lambda: "start 1" in lines(said), 60, "the task did not start", log)
        os.killpg(worker.pid, signal.SIGKILL)  # the worker and its pool child, mid-task: no ack, no reject
        worker.wait(timeout=30)
        killed_at = time.monotonic()
        assert "done 1" not in lines(said)

        worker = start_worker(log, "default")
        wait_for(lambda: "done 1" in lines(said), KILL_TO_RERUN_SECONDS, "the task did not run again", log)
        print(f"ran again and finished {time.monotonic() - killed_at:.1f} s after the kill")
        assert lines(said).count("start 1") == 2 and lines(said).count("done 1") == 1
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
