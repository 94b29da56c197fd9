"""The site the load and fault benchmarks run against: gunicorn, a real Celery worker and beat, and the figures.

Production settings over plain HTTP on 127.0.0.1; the sweeps run every 5 s and resend what stayed pending 10 s,
so a lost message is made good within the run (production: every minute, after a minute).
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections import Counter

from community import queues

from .mixed import Stats
from .paths import BENCH_VAR_DIR
from .worker import stop_worker

SERVER_ENV = {
    "DEBUG": "0",
    "SECURE_SSL_REDIRECT": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1",
    "HANDOFF_SWEEP_AFTER_SECONDS": "10",
    "HANDOFF_SWEEP_EVERY_SECONDS": "5",
    "NOTIFICATIONS_SWEEP_AFTER_SECONDS": "10",
    "NOTIFICATIONS_SWEEP_EVERY_SECONDS": "5",
    "LOG_LEVEL": "WARNING",
}
WORKER_CONCURRENCY = 2


def start_worker() -> subprocess.Popen:
    """One prefork worker on every queue, in a session of its own (a SIGKILL to its group ends its children)."""
    command = [sys.executable, "-m", "celery", "-A", "community", "worker", "--queues", ",".join(queues.QUEUES)]
    command += ["--concurrency", str(WORKER_CONCURRENCY), "--pool", "prefork", "--loglevel", "WARNING"]
    return _start(command, "worker.log")


def start_beat() -> subprocess.Popen:
    schedule = BENCH_VAR_DIR / "celerybeat-schedule"
    command = [sys.executable, "-m", "celery", "-A", "community", "beat", "--schedule", str(schedule)]
    return _start([*command, "--loglevel", "WARNING"], "beat.log")


def _start(command: list[str], log_name: str) -> subprocess.Popen:
    log = open(BENCH_VAR_DIR / log_name, "a")  # noqa: SIM115  (closed with the process)
    process = subprocess.Popen(command, env=dict(os.environ), stdout=log, stderr=log, start_new_session=True)
    log.close()
    return process


def stop(processes: list[subprocess.Popen | None]) -> None:
    for process in processes:
        if process is not None:
            stop_worker(process)  # SIGTERM, SIGKILL after 10 s, and any child left


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def print_table(stats: Stats, seconds: float) -> None:
    print(f"{'kind':<16} {'n':>7} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7}  statuses")
    everything = []
    for kind in ("anonymous read", "signed-in read", "write"):
        times = stats.times.get(kind, [])
        everything += times
        statuses = ", ".join(f"{code}: {n}" for code, n in sorted(stats.statuses[kind].items()))
        print(
            f"{kind:<16} {len(times):>7,} {len(times) / seconds:>7.1f} {percentile(times, 0.5):>7.1f} "
            f"{percentile(times, 0.99):>7.1f}  {statuses}"
        )
    for (status, path), n in stats.odd.most_common(5):
        print(f"  a read answered {status} {n} times: {path}")
    print(
        f"{'all':<16} {len(everything):>7,} {len(everything) / seconds:>7.1f} {percentile(everything, 0.5):>7.1f} "
        f"{percentile(everything, 0.99):>7.1f}"
    )


def errors(stats: Stats) -> Counter:
    """5xx answers and requests with no answer (status 0), by status."""
    found = Counter()
    for counter in stats.statuses.values():
        for status, n in counter.items():
            if status >= 500 or status == 0:
                found[status] += n
    return found


def print_writes(stats: Stats, checked: Counter, missing: list[dict]) -> None:
    taken = sum(checked.values())
    kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(checked.items()))
    print(f"writes taken (2xx/3xx): {taken:,} ({kinds})")
    print(f"  in the database after the run: {taken - len(missing):,}, missing: {len(missing)}")
    for write in missing[:10]:
        print(f"  missing: {write}")
    refused = sum(stats.refused.values())
    print(f"writes refused with a reason (4xx): {refused:,}")
    for text, n in stats.refused.most_common(6):
        print(f"  {n:>5} x {text}")


class ServerCpu:
    """CPU seconds the site's own processes used (gunicorn, Celery, PostgreSQL, Redis, with their children):
    a cost per request that other work on a shared machine does not change, unlike requests/s."""

    def __init__(self, pids: list[int]):
        self.pids = pids

    def _total(self) -> float:
        import psutil

        seen, total = set(), 0.0
        for pid in self.pids:
            try:
                root = psutil.Process(pid)
                processes = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                continue
            for process in processes:
                if process.pid in seen:
                    continue
                seen.add(process.pid)
                try:
                    cpu = process.cpu_times()
                    total += cpu.user + cpu.system + cpu.children_user + cpu.children_system
                except psutil.NoSuchProcess:
                    continue
        return total

    def __enter__(self):
        self.started = self._total()
        return self

    def __exit__(self, *exc_info):
        self.seconds = self._total() - self.started


def server_pids(*processes) -> list[int]:
    """The pids of these processes and of the embedded PostgreSQL and Redis, when they run here."""
    from community import embedded, embedded_redis

    pids = [p.pid for p in processes if p is not None]
    for server in (embedded.running_server(), embedded_redis.running_server()):
        if server is not None:
            pids.append(server.pid)
    return pids
