"""Serving the project with gunicorn, loading it with wrk, and the SQL a page costs (Django test client)."""

from __future__ import annotations

import http.client
import logging
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from .paths import BENCH_VAR_DIR
from .processes import stop_process

HOST = "127.0.0.1"
GUNICORN_LOG = BENCH_VAR_DIR / "gunicorn.log"


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        raise SystemExit("wrk is missing: install it with `sudo apt-get install -y wrk`, then run this again.")
    print("wrk is missing: installing the Debian package ...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "wrk"]
    if subprocess.run(install, env=env, stdout=subprocess.DEVNULL).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=True)
        subprocess.run(install, env=env, stdout=subprocess.DEVNULL, check=True)
    return shutil.which("wrk") or "wrk"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_gunicorn(
    port: int,
    workers: int,
    *,
    app: str = "community.wsgi",
    chdir: Path | None = None,
    probe: str = "/healthz",
    env: dict | None = None,
    log: Path = GUNICORN_LOG,
) -> subprocess.Popen:
    """gunicorn (sync workers, the environment of this process) on HOST:port, once `probe` answers.

    The same settings serve the stock Django project the pages are measured against (`app`, `chdir`).
    """
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [
        str(gunicorn if gunicorn.exists() else shutil.which("gunicorn")),
        app,
        *(["--chdir", str(chdir)] if chdir else []),
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--bind",
        f"{HOST}:{port}",
        "--log-level",
        "warning",
    ]
    output = open(log, "w")  # noqa: SIM115  (closed with the process)
    # Its own session: a Ctrl-C reaches this script, which stops gunicorn before the database.
    environment = dict(os.environ) if env is None else env
    process = subprocess.Popen(command, env=environment, stdout=output, stderr=output, start_new_session=True)
    output.close()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if fetch(port, probe, None)[0] == 200:
                return process
        except OSError:
            time.sleep(0.2)
    stop_process(process)
    tail = log.read_text(errors="replace")[-3000:]
    raise SystemExit(f"gunicorn did not answer on {HOST}:{port}:\n{tail}")


def fetch(port: int, path: str, session: str | None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        connection.request("GET", path, headers={"Cookie": f"sessionid={session}"} if session else {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def parse_wrk(output: str) -> dict:
    def seconds(value: str, unit: str) -> float:
        return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]

    latency = {}
    for percent, value, unit in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M):
        latency[percent] = seconds(value, unit) * 1000
    requests = re.search(r"^\s*(\d+) requests in", output, re.M)
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    if not (requests and rate and "50" in latency and "99" in latency):
        raise SystemExit(f"Could not read wrk's output:\n{output}")
    problems = re.findall(r"^\s*(Non-2xx or 3xx responses: \d+|Socket errors: .*)$", output, re.M)
    return {
        "n": int(requests.group(1)),
        "rps": float(rate.group(1)),
        "p50": latency["50"],
        "p99": latency["99"],
        "problems": problems,
    }


# --- the pages, seen from inside: a session, and the SQL each page costs


def session_for(user) -> str:
    """A session of `user`, saved in the database the server reads: the cookie value for wrk."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def count_queries(pages: list[tuple[str, str]], session: str) -> dict[tuple[str, str], int | None]:
    """SQL queries per page, in this process against the same database (the second request: warm caches).

    A page that fails here gets None, and its error is shown; the others are measured all the same.
    """
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # one line per failure below, not a traceback
    for who in ("anonymous", "logged in"):
        client = Client(HTTP_HOST=HOST)
        if who == "logged in":
            client.cookies["sessionid"] = session
        for path, _label in pages:
            try:
                client.get(path)
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(path)
            except Exception as error:  # a broken page must not hide the figures of the others
                print(f"! {path} ({who}) fails in the test client: {type(error).__name__}: {error}"[:300])
                counts[path, who] = None
                continue
            if response.status_code != 200:
                print(f"! {path} ({who}) answered {response.status_code} in the test client")
            counts[path, who] = len(captured.captured_queries)
    return counts
