"""The ceiling the pages are measured against: a stock Django project, as `django-admin startproject` makes it
(Django's default middleware, its default settings), with one view that answers a short HttpResponse.

Generated under var/bench/stock at each run, so it is always the installed Django's own template; only DEBUG
and ALLOWED_HOSTS are set as the project's server runs (DEBUG off), and the view is added to its URLs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .paths import BENCH_VAR_DIR

STOCK_DIR = BENCH_VAR_DIR / "stock"
STOCK_LOG = BENCH_VAR_DIR / "gunicorn-stock.log"
STOCK_PATH = "/"

VIEW = """
from django.http import HttpResponse


def hello(request):
    return HttpResponse("Hello, world.")
"""

SETTINGS = """
# Set by bench/_support/stock.py: served as the project is, DEBUG off, on 127.0.0.1.
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
"""


def make_stock_project() -> Path:
    """A fresh `django-admin startproject stock` under var/bench/stock with a "Hello, world." view at /."""
    shutil.rmtree(STOCK_DIR, ignore_errors=True)
    STOCK_DIR.mkdir(parents=True)
    django_admin = Path(sys.executable).with_name("django-admin")
    command = [str(django_admin if django_admin.exists() else shutil.which("django-admin")), "startproject", "stock"]
    subprocess.run([*command, str(STOCK_DIR)], check=True, env=stock_env())
    package = STOCK_DIR / "stock"
    (package / "views.py").write_text(VIEW)
    with open(package / "settings.py", "a") as settings:
        settings.write(SETTINGS)
    urls = (package / "urls.py").read_text()
    urls = urls.replace("from django.urls import path", "from django.urls import path\n\nfrom . import views")
    urls = urls.replace("urlpatterns = [", 'urlpatterns = [\n    path("", views.hello),')
    (package / "urls.py").write_text(urls)
    return STOCK_DIR


def stock_env() -> dict:
    """The bench's environment without what points Django at Peerdesk."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "PEERDESK_"))}
    env["DJANGO_SETTINGS_MODULE"] = "stock.settings"
    env.pop("PYTHONPATH", None)
    return env
