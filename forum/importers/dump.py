"""Reading a Stack Exchange dump: its XML files as streams of rows, dates, licences, tags and bodies.

defusedxml's iterparse reads a file row by row (a dump is untrusted input; each element is cleared
after use), so a file is never in memory; a truncated or malformed file raises DumpError with its
name and line.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from defusedxml import ElementTree as ET
from markdownify import markdownify

from ..services.questions import TAG_PATTERN

LICENCE_DATES = [  # Stack Exchange's licence by the date of the post, where the dump does not say
    (datetime(2011, 4, 8, tzinfo=UTC), "CC BY-SA 2.5"),
    (datetime(2018, 5, 2, tzinfo=UTC), "CC BY-SA 3.0"),
]


class DumpError(Exception):
    """A dump that cannot be read: says which file and line."""


def open_file(path: Path):
    return gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb")


def find(directory: Path, name: str) -> Path | None:
    for candidate in (directory / f"{name}.xml", directory / f"{name}.xml.gz"):
        if candidate.exists():
            return candidate
    return None


def rows(path: Path) -> Iterator[dict]:
    """The <row> attributes of a dump file, one at a time; a broken file raises with its line."""
    try:
        with open_file(path) as stream:
            for _event, element in ET.iterparse(stream, events=("end",)):
                if element.tag == "row":
                    yield dict(element.attrib)
                element.clear()
    except ET.ParseError as error:
        line, column = error.position
        raise DumpError(f"{path.name}: line {line}, column {column}: malformed XML ({error})") from error
    except (OSError, EOFError) as error:
        raise DumpError(f"{path.name}: {error}") from error


def when(value: str | None):
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def licence(row: dict, created) -> str:
    if row.get("ContentLicense"):
        return row["ContentLicense"]
    for until, licence in LICENCE_DATES:
        if created and created < until:
            return licence
    return "CC BY-SA 4.0"


def tags(raw: str) -> list[str]:
    names = re.findall(r"<([^>]+)>", raw) if "<" in raw else [t for t in raw.split("|") if t]
    return [name.lower()[:30] for name in names if TAG_PATTERN.match(name.lower()[:30])]


# Closed duplicates on Stack Exchange often carry a quoted "Possible duplicate: <link>" notice. The link
# is kept as the question's duplicate_of; the notice itself is noise (and would give the original
# away to the similar-question ranking).
_BLOCKQUOTE = re.compile(r"<blockquote>.*?</blockquote>", re.S | re.I)
_DUPLICATE_NOTICE = re.compile(
    r"possible duplicates?:|exact duplicates?:|already has an? answers? here|this question already has|"
    r"duplicate of:|marked as duplicate",
    re.I,
)


def markdown(html: str) -> str:
    html = _BLOCKQUOTE.sub(lambda m: "" if _DUPLICATE_NOTICE.search(m.group(0)) else m.group(0), html or "")
    return markdownify(html, heading_style="ATX", bullets="-", strip=["script", "style"]).strip()
