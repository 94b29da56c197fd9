"""Where a benchmark writes: var/bench/. Imported first, before anything of the project."""

import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Everything a benchmark writes (database server, Redis, mail, logs) lives here, so it
# never touches the data of `make run` or `make test`. Set before the project is imported.
BENCH_VAR_DIR = BASE_DIR / "var" / "bench"
os.environ["PEERDESK_VAR_DIR"] = str(BENCH_VAR_DIR)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))
