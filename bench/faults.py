"""Faults: the mixed workload runs while a Celery worker is SIGKILLed mid-task, Redis restarts and PostgreSQL
restarts; afterwards nothing the site accepted is lost and nothing happened twice.

    .venv/bin/python bench/faults.py            # about two minutes of load, then the checks
    .venv/bin/python bench/faults.py --keep     # reuse the seeded database

The bench owns its servers (the embedded PostgreSQL and Redis under var/bench, never the system's or the
development data), so it can stop and start them. The same site as bench/load.py (gunicorn, one worker on
every queue and beat, 32 connections of the mixed workload), and, one after the other, with load running:

1. the worker is SIGKILLed (its whole process group) while a hand-off is running, and started again 3 s later;
2. Redis is stopped for 8 s (people sign in meanwhile through the real form), then started;
3. PostgreSQL is stopped for 8 s (fast shutdown), then started.

Afterwards, once the worker is done: every write the server took (a 2xx or 3xx answer) is in the database, no
notification was delivered twice for one event, recipient and channel, every knowledge-base article is in the
search index, no hand-off is left pending (those written while Redis was down were sent when it was back,
the killed task ran again), no request got a 500 (a 503 only while PostgreSQL was down), and the site
answered 200 within 10 s of each restart. It prints each check with its counts.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time

import _support  # noqa: F401  (first: the bench's own var folder)
from _support import ignore_signals, own_database
from _support.forum_content import Shape, seed
from _support.mixed import PASSWORD, TOKEN, Person, Stats, prepare, run, send
from _support.outcomes import (
    articles_not_indexed,
    duplicate_notifications,
    missing_writes,
    wait_until_settled,
)
from _support.stage import SERVER_ENV, print_table, print_writes, start_beat, start_worker, stop
from _support.web import free_port, start_gunicorn
from _support.worker import forget_queued_messages

CONNECTIONS, WEB_WORKERS, WRITERS = 32, 4, 200
STEADY_SECONDS = 8  # load before the first fault and between faults
DOWN_SECONDS = 8
WORKER_DOWN_SECONDS = 3
BACK_WITHIN_SECONDS = 10
LOGINS_WHILE_REDIS_IS_DOWN = 4


class Faults:
    """Runs the faults one after the other and remembers when each was, for the figures."""

    def __init__(self, port: int, stats: Stats, people: list[Person]):
        self.port, self.stats, self.people = port, stats, people
        self.windows: dict[str, tuple[float, float]] = {}  # name: (down, back) in seconds of the run
        self.probe_after: dict[str, float] = {}  # name: seconds from the restart to a probe's 200, out and in
        self.killed_keys: list[str] = []
        self.killed_at = None
        self.logins: list[int] = []
        self.redis_window = None  # wall-clock times, for the hand-offs written meanwhile

    def now(self) -> float:
        return time.monotonic() - self.stats.started

    def kill_worker(self, worker):
        """SIGKILL the worker while a hand-off runs (tried again until one was cut off mid-run); a new worker
        3 s later. Returns the new worker."""
        from django.db import connections
        from django.utils import timezone

        from community.models import Handoff

        running = Handoff.objects.filter(started_at__isnull=False, done_at__isnull=True)
        down = self.now()
        for _attempt in range(5):
            deadline = time.monotonic() + 30
            while not running.exists() and time.monotonic() < deadline:
                time.sleep(0.005)
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
            self.killed_at = timezone.now()
            self.killed_keys = list(running.values_list("key", flat=True))  # still not done: cut off
            connections.close_all()
            time.sleep(WORKER_DOWN_SECONDS)
            worker = start_worker()
            if self.killed_keys:
                break
        self.windows["worker killed"] = (down, self.now())
        return worker

    def restart_redis(self) -> None:
        from django.utils import timezone

        from community import embedded_redis

        down, wall = self.now(), timezone.now()
        embedded_redis.stop()
        # People sign in meanwhile, all at once: under load a sign-in (a slow password hash) takes seconds.
        signing_in = [
            threading.Thread(target=lambda email=p.email: self.logins.append(self.sign_in(email)))
            for p in self.people[-LOGINS_WHILE_REDIS_IS_DOWN:]
        ]
        for thread in signing_in:
            thread.start()
        time.sleep(DOWN_SECONDS)
        for thread in signing_in:
            thread.join()
        embedded_redis.start()
        self.redis_window = (wall, timezone.now())
        self.windows["Redis down"] = (down, self.now())
        self.probe_after["Redis"] = self.wait_for_200()

    def restart_postgresql(self) -> None:
        from django.db import connections

        from community import embedded

        down = self.now()
        embedded.stop()
        time.sleep(DOWN_SECONDS)
        embedded.start()
        connections.close_all()
        self.windows["PostgreSQL down"] = (down, self.now())
        self.probe_after["PostgreSQL"] = self.wait_for_200()

    def sign_in(self, email: str) -> int:
        """A person signs in through the real form (its page, its CSRF token): the final status."""
        person = Person(user_id=0)
        status, _, body = send(self.port, "GET", "/accounts/login/", person)
        found = TOKEN.search(body)
        if status != 200 or not found:
            return status
        person.token = found.group(1)
        form = {"login": email, "password": PASSWORD}
        status = send(self.port, "POST", "/accounts/login/", person, form)[0]
        if status == 302 and "sessionid" in person.cookies:
            return send(self.port, "GET", "/notifications/", person)[0]  # a page only a signed-in person gets
        return status

    def wait_for_200(self) -> float:
        """Seconds until the home page answers 200, signed out and signed in."""
        started = time.monotonic()
        person = self.people[0]
        while time.monotonic() - started < 60:
            if send(self.port, "GET", "/", None)[0] == 200 and send(self.port, "GET", "/", person)[0] == 200:
                break
            time.sleep(0.1)
        return time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the database (and reuse a seeded one)")
    args = parser.parse_args()
    os.environ.update(SERVER_ENV)
    shape = Shape.default()
    with own_database("peerdesk_bench_faults", marker=shape.marker(), keep=args.keep) as database:
        if not database.reused:
            seed(shape)
            database.set_marker(shape.marker())
        forget_queued_messages()
        from django.utils import timezone

        targets, people = prepare(WRITERS)
        since = timezone.now()
        web = worker = beat = None
        stats, halt = Stats(), threading.Event()
        try:
            port = free_port()
            web = start_gunicorn(port, WEB_WORKERS)
            worker, beat = start_worker(), start_beat()
            faults = Faults(port, stats, people)
            load = threading.Thread(
                target=run,
                args=(port, targets, people, stats),
                kwargs={"seconds": 900, "connections": CONNECTIONS, "stop": halt},
            )
            load.start()
            print("load running; faults follow", flush=True)
            time.sleep(STEADY_SECONDS)
            worker = faults.kill_worker(worker)
            print(f"worker SIGKILLed with {len(faults.killed_keys)} hand-off(s) running, started again", flush=True)
            time.sleep(STEADY_SECONDS)
            faults.restart_redis()
            print(f"Redis stopped for {DOWN_SECONDS} s and started", flush=True)
            time.sleep(STEADY_SECONDS)
            faults.restart_postgresql()
            print(f"PostgreSQL stopped for {DOWN_SECONDS} s and started", flush=True)
            time.sleep(STEADY_SECONDS * 2)
            halt.set()
            load.join()
            seconds = faults.now()
            pending, settled = wait_until_settled(240)
        finally:
            ignore_signals()
            halt.set()
            stop([web, worker, beat])
        return report(stats, faults, seconds, since, pending, settled, shape)


def statuses_by_phase(stats: Stats, faults: Faults) -> dict[str, dict[int, int]]:
    """Every answer's status, by when it came: during a fault (or within 10 s after it), or in steady running."""
    phases: dict[str, dict[int, int]] = {}
    for _sent, at, _kind, status in stats.timeline:
        phase = "steady"
        for name, (down, back) in faults.windows.items():
            if down <= at <= back + BACK_WITHIN_SECONDS:
                phase = name
        counts = phases.setdefault(phase, {})
        counts[status] = counts.get(status, 0) + 1
    return phases


def report(stats, faults, seconds, since, pending, settled, shape) -> int:
    from community.models import Handoff

    print(
        f"\nPeerdesk under faults: {shape.describe()}; gunicorn {WEB_WORKERS} sync workers, one Celery worker "
        f"(prefork 2, every queue) and beat, {CONNECTIONS} connections for {seconds:.0f} s on {os.cpu_count()} cores"
    )
    for name, (down, back) in faults.windows.items():
        print(f"  {name}: from {down:.1f} s to {back:.1f} s of the run")
    print_table(stats, seconds)
    checks: list[tuple[bool, str]] = []
    phases = statuses_by_phase(stats, faults)
    for phase, counts in phases.items():
        print(f"  answers {phase}: " + ", ".join(f"{s}: {n}" for s, n in sorted(counts.items())))
    server_errors = sum(n for c in phases.values() for s, n in c.items() if s >= 500 and s != 503)
    checks.append((server_errors == 0, f"no 500 (or other 5xx but 503) at any time: {server_errors}"))
    outside = sum(n for p, c in phases.items() for s, n in c.items() if p != "PostgreSQL down" and (s >= 500 or s == 0))
    checks.append((outside == 0, f"no 5xx and no unanswered request outside PostgreSQL's outage: {outside}"))
    during = phases.get("PostgreSQL down", {})
    friendly = during.get(503, 0)
    checks.append(
        (during.get(500, 0) == 0, f"while PostgreSQL was down: {friendly} answers 503 (the friendly page), 0 500s")
    )
    signed_in = sum(1 for s in faults.logins if s == 200)
    checks.append(
        (
            signed_in == len(faults.logins),
            f"sign-ins through the form while Redis was down: {signed_in} of {len(faults.logins)}",
        )
    )
    for name, window in (("Redis", "Redis down"), ("PostgreSQL", "PostgreSQL down")):
        back = faults.windows[window][1]
        first = min(
            (answered for sent, answered, _, status in stats.timeline if sent >= back and status == 200), default=None
        )
        after = (first - back) if first is not None else float("inf")
        checks.append(
            (
                after <= BACK_WITHIN_SECONDS,
                f"200 again {after:.1f} s after {name} was started (the first request sent after it; a probe of the "
                f"home page signed out, then signed in, had both after {faults.probe_after[name]:.1f} s)",
            )
        )

    checked, missing = missing_writes(stats.accepted)
    taken = sum(checked.values())
    print_writes(stats, checked, missing)
    checks.append(
        (
            not missing,
            f"every accepted write is in the database: {taken - len(missing)} of {taken}",
        )
    )
    wall_down, wall_back = faults.redis_window
    kept = Handoff.objects.filter(created_at__gte=wall_down, created_at__lte=wall_back)
    checks.append(
        (
            not kept.filter(done_at__isnull=True).exists(),
            f"hand-offs written while Redis was down, sent and done once it was back: "
            f"{kept.filter(done_at__isnull=False).count()} of {kept.count()}",
        )
    )
    killed = Handoff.objects.filter(key__in=faults.killed_keys)
    done = [row.done_at for row in killed if row.done_at]
    later = max((d - faults.killed_at).total_seconds() for d in done) if done else float("nan")
    checks.append(
        (
            bool(faults.killed_keys) and len(done) == len(faults.killed_keys),
            f"the hand-offs the killed worker was running ran again: {len(done)} of {len(faults.killed_keys)}, "
            f"the last done {later:.0f} s after the kill",
        )
    )
    checks.append(
        (pending == 0, f"no hand-off pending once the worker was done ({settled:.0f} s after the load): {pending}")
    )
    notes = duplicate_notifications(since)
    checks.append(
        (
            notes["deliveries twice"] == 0 and notes["recipients whose lines count otherwise"] == 0,
            f"every notification exactly once: {notes['deliveries']} deliveries ({notes['in-app deliveries']} in the "
            f"app, {notes['emails sent']} emails sent), {notes['deliveries twice']} twice for one event, recipient "
            f"and channel; of {notes['recipients']} people notified in the app, "
            f"{notes['recipients whose lines count otherwise']} whose lines count other than their deliveries",
        )
    )
    published, not_indexed = articles_not_indexed()
    checks.append(
        (
            not not_indexed,
            f"every knowledge-base article is in the search index: {published - len(not_indexed)} of {published}",
        )
    )
    print("\nchecks:")
    for ok, text in checks:
        print(f"  {'ok    ' if ok else 'FAILED'} {text}")
    failed = sum(1 for ok, _ in checks if not ok)
    print(f"{len(checks) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
