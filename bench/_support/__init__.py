"""What the benchmarks here share: their own var folder and database, Django on it, processes, CPU, progress.

Import it before anything of the project: it points PEERDESK_VAR_DIR at var/bench/, so the database server,
Redis, mail and logs of a benchmark never touch the data of `make run` or `make test`.

    with own_database("peerdesk_bench_x", marker="what was seeded", keep=args.keep) as database:
        if not database.reused:
            seed()
            database.set_marker("what was seeded")
        ...  # start servers here and stop them in a `finally` that begins with ignore_signals()

Without DATABASE_URL it starts an embedded PostgreSQL under var/bench/pg (never the dev data in var/pg)
and stops it at the end; with DATABASE_URL it uses that server, in a database of the benchmark's own.
Likewise Redis: the embedded one under var/bench/redis, or REDIS_URL.
"""

from .database import Database, insert, own_database, setup_django, vacuum_analyze
from .paths import BASE_DIR, BENCH_VAR_DIR
from .processes import (
    OTHER_CPU_WARNING,
    QUIET_WAIT_SECONDS,
    CpuWatch,
    ignore_signals,
    peak_memory_mb,
    stop_on_signals,
    stop_process,
)

__all__ = [
    "BASE_DIR",
    "BENCH_VAR_DIR",
    "OTHER_CPU_WARNING",
    "QUIET_WAIT_SECONDS",
    "CpuWatch",
    "Database",
    "ignore_signals",
    "insert",
    "own_database",
    "peak_memory_mb",
    "setup_django",
    "stop_on_signals",
    "stop_process",
    "vacuum_analyze",
]
