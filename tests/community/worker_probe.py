"""A task that only says it ran, for tests that count what a real worker did with real messages.

The worker loads it with `--include tests.community.worker_probe`; the tests send it by name.
"""

import os
import time

from celery import shared_task

NAME = "tests.community.worker_probe.record"


@shared_task(name=NAME, acks_late=True)
def record(number: int | str, path: str) -> None:
    # One write with O_APPEND: lines from several pool children never interleave.
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, f"{number}\n".encode())
    finally:
        os.close(descriptor)


SLOW = "tests.community.worker_probe.slow"


@shared_task(name=SLOW, acks_late=True)
def slow(number: int, path: str, seconds: float) -> None:
    """Says when it starts and when it is done, and takes `seconds` between: a task to kill in the middle."""
    record(f"start {number}", path)
    time.sleep(seconds)
    record(f"done {number}", path)
