"""Where a request's time goes: requests through Django's WSGI handler in this process, under cProfile.

No server and no network: the middleware stack, the view and the cache round trips, as gunicorn's worker
runs them. Prints the time per request and the functions that took the most time, with n.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import time

WARM_UP = 200
REQUESTS = 1000


def _environ(path: str, session: str | None) -> dict:
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    if session:
        environ["HTTP_COOKIE"] = f"sessionid={session}"
    return environ


def profile_requests(path: str, session: str | None, requests: int = REQUESTS) -> None:
    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()
    statuses = []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    def one() -> None:
        environ = _environ(path, session)
        environ["wsgi.input"] = io.BytesIO(b"")
        response = handler(environ, start_response)
        for _ in response:
            pass
        response.close()

    for _ in range(WARM_UP):
        one()
    started = time.perf_counter()
    for _ in range(requests):
        one()
    plain = (time.perf_counter() - started) / requests
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        one()
    profiler.disable()
    who = "signed in" if session else "anonymous"
    print(f"{path} ({who}), status {statuses[-1]}: {plain * 1e6:.0f} µs per request in process (n={requests})")
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(30)
        print(f"--- by {order}, n={requests} (times under the profiler) ---")
        print(out.getvalue().split("\n", 6)[-1] if "ncalls" in out.getvalue() else out.getvalue())
