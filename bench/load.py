"""Load: a mixed workload against gunicorn on 127.0.0.1, with a real Celery worker and beat doing the writes' work.

    .venv/bin/python bench/load.py                          # 60 s at 32 connections
    .venv/bin/python bench/load.py --seconds 30 --keep      # reuse the seeded database

Seeds the shared workload (2,000 questions with 5 answers, an idea board) into a database of its own, makes
200 long-standing members to sign in and write, starts gunicorn (4 sync workers, DEBUG off), one worker on
every queue and beat, warms up for 5 s, then runs 32 connections for a fixed time: 80% anonymous reads
(question pages, lists, categories, tags, knowledge base, ideas, roadmap), 15% signed-in reads, 5% writes
(ask, answer, reply, vote, accept, idea vote) through the real forms with their CSRF tokens. Printed:
requests/s, p50 and p99 per kind with n, every status, errors (5xx or no answer) by status, writes refused
with the reason the page gave (a rate limit, a closed thread), the writes taken and whether each is in the
database once the worker is done, and the database size before and after. Target: no 5xx, p99 < 250 ms.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import _support  # noqa: F401  (first: the bench's own var folder)
from _support import CpuWatch, ignore_signals, own_database
from _support.forum_content import Shape, seed
from _support.mixed import Stats, prepare, run
from _support.outcomes import database_size_mb, missing_writes, wait_until_settled
from _support.stage import (
    SERVER_ENV,
    ServerCpu,
    errors,
    print_table,
    print_writes,
    server_pids,
    start_beat,
    start_worker,
    stop,
)
from _support.web import free_port, start_gunicorn
from _support.worker import forget_queued_messages

TARGET_P99_MS = 250.0
WARMUP_SECONDS = 5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--web-workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--writers", type=int, default=200, help="members who sign in and write")
    parser.add_argument("--keep", action="store_true", help="keep the database (and reuse a seeded one)")
    args = parser.parse_args()
    os.environ.update(SERVER_ENV)
    shape = Shape.default()
    with own_database("peerdesk_bench_load", marker=shape.marker(), keep=args.keep) as database:
        if not database.reused:
            seed(shape)
            database.set_marker(shape.marker())
        forget_queued_messages()
        targets, people = prepare(args.writers)
        size_before = database_size_mb()
        web = worker = beat = None
        try:
            port = free_port()
            web = start_gunicorn(port, args.web_workers)
            worker, beat = start_worker(), start_beat()
            run(port, targets, people, Stats(), seconds=WARMUP_SECONDS, connections=args.connections)
            stats = Stats()
            with CpuWatch([web.pid, worker.pid, beat.pid]) as watch, ServerCpu(server_pids(web, worker, beat)) as cpu:
                seconds = run(port, targets, people, stats, seconds=args.seconds, connections=args.connections)
            pending, settled = wait_until_settled(180)
        finally:
            ignore_signals()
            stop([web, worker, beat])
        checked, missing = missing_writes(stats.accepted)
        size_after = database_size_mb()
        report(args, shape, stats, seconds, watch.other_percent)
        served = sum(len(t) for t in stats.times.values())
        per_request = cpu.seconds / max(served, 1) * 1000
        print(
            f"CPU of the site's own processes (gunicorn, Celery, PostgreSQL, Redis): {cpu.seconds:.1f} s for "
            f"{served:,} requests, {per_request:.1f} ms a request: alone on {os.cpu_count()} cores that is at most "
            f"{(os.cpu_count() or 1) * 1000 / per_request:,.0f} requests/s"
        )
        print_writes(stats, checked, missing)
        print(f"hand-offs still pending after the run: {pending} (the worker was done {settled:.0f} s after the load)")
        grown = size_after - size_before
        print(f"database size: {size_before:,.1f} MB before, {size_after:,.1f} MB after ({grown:+.1f} MB)")
        worst = max(
            (sorted(t)[int(0.99 * len(t))] if t else 0 for t in stats.times.values()),
            default=0,
        )
        fives = sum(n for status, n in errors(stats).items() if status >= 500 or status == 0)
        met = fives == 0 and worst < TARGET_P99_MS and not missing
        print(
            f"target: zero 5xx and p99 < {TARGET_P99_MS:.0f} ms for every kind: {'met' if met else 'NOT met'} "
            f"(5xx or no answer: {fives}, worst p99: {worst:.0f} ms)"
        )
        return 0 if met else 1


def report(args, shape: Shape, stats: Stats, seconds: float, other_percent: float) -> None:
    print(
        f"\nPeerdesk under a mixed load: {shape.describe()}; gunicorn {args.web_workers} sync workers, DEBUG off; "
        f"one Celery worker (prefork 2, every queue) and beat; {args.connections} connections for {seconds:.0f} s "
        f"on {os.cpu_count()} cores, the load generator on the same machine; {time.strftime('%Y-%m-%d %H:%M')}"
    )
    if other_percent > 5:
        print(f"! other work took {other_percent:.0f}% of the CPU during the run: figures are low")
    print_table(stats, seconds)
    found = errors(stats)
    print(f"errors (5xx or no answer): {sum(found.values())} {dict(found) if found else ''}")


if __name__ == "__main__":
    sys.exit(main())
