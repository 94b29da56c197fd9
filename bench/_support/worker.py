"""One real Celery worker for a benchmark: started with the bench's environment, stopped before the database."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from .paths import BENCH_VAR_DIR
from .processes import stop_process

WORKER_LOG = BENCH_VAR_DIR / "worker.log"
POLL_SECONDS = 0.02


def start_worker() -> subprocess.Popen:
    """ONE real worker, with this process's environment: the bench database, var folder and broker."""
    command = [sys.executable, "-m", "celery", "-A", "community", "worker"]
    command += ["--concurrency", "1", "--pool", "prefork", "--loglevel", "WARNING"]
    log = open(WORKER_LOG, "w")  # noqa: SIM115  (closed with the process)
    # Its own session: a Ctrl-C reaches the script, which stops the worker before the database.
    process = subprocess.Popen(command, env=dict(os.environ), stdout=log, stderr=log, start_new_session=True)
    log.close()
    return process


def stop_worker(worker: subprocess.Popen) -> None:
    """SIGTERM (a warm shutdown: the running task finishes), SIGKILL after 10 s; a pool child left is killed."""
    import psutil

    try:
        children = psutil.Process(worker.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        children = []
    stop_process(worker, timeout=10)
    for child in children:
        try:
            child.kill()  # psutil checks it is still the same process (its start time), not a reused pid
        except psutil.NoSuchProcess:
            continue


def wait_for(condition, worker: subprocess.Popen, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if worker.poll() is not None:
            raise SystemExit(f"The worker stopped ({worker.returncode}) {what}:\n{log_tail()}")
        if time.monotonic() > deadline:
            raise SystemExit(f"Timed out after {seconds:.0f} s {what}:\n{log_tail()}")
        time.sleep(POLL_SECONDS)


def log_tail() -> str:
    return WORKER_LOG.read_text(errors="replace")[-3000:] if WORKER_LOG.exists() else "(no worker log)"


def forget_queued_messages() -> None:
    """No message of an earlier run left in the bench's own Redis (a Redis named by REDIS_URL may be shared:
    left alone)."""
    from community import embedded_redis

    if os.environ.get("REDIS_URL") == embedded_redis.url():
        from community.celery import app

        app.control.purge()
