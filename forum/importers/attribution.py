"""Where imported content came from: the site's address, links to posts and people there, the licence.

Stack Exchange content is CC BY-SA: whoever shows it names each author (linked to their profile on the
site), links the original post and names the licence. A dump's files do not say which site they are
from; the archives and their folders are named after it (beer.stackexchange.com), so that name is
taken, and anything else needs the address given.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

# The Stack Exchange network's domains: a folder named like one of them is a site's dump.
NETWORK = ("stackexchange.com", "stackoverflow.com", "serverfault.com", "superuser.com", "askubuntu.com",
           "mathoverflow.net", "stackapps.com")  # fmt: skip
_HOST = re.compile(r"^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_LICENCE = re.compile(r"^CC (BY(?:-NC)?(?:-SA|-ND)?) (\d\.\d)$", re.I)


def site_address(raw: str) -> str | None:
    """A site's host name from what someone typed ("beer.stackexchange.com", "https://beer.stackexchange.com/"),
    or None when it is not one."""
    text = (raw or "").strip().lower()
    host = urlsplit(text).hostname if "://" in text else text.rstrip("/")
    return host if host and _HOST.match(host) else None


def site_of_folder(directory: Path) -> str | None:
    """The site a dump's folder is named after (as the published archives are), or None."""
    name = directory.resolve().name.lower().removesuffix(".7z")
    host = site_address(name)
    if host is None or not any(host == domain or host.endswith(f".{domain}") for domain in NETWORK):
        return None
    return host


def user_url(site: str, user_id: str) -> str:
    return f"https://{site}/users/{user_id}" if user_id and re.fullmatch(r"-?\d+", user_id) else ""


def licence_url(licence: str) -> str:
    """The text of a Creative Commons licence named as Stack Exchange names them ("CC BY-SA 3.0")."""
    found = _LICENCE.match((licence or "").strip())
    if found is None:
        return ""
    kind, version = found.groups()
    return f"https://creativecommons.org/licenses/{kind.lower()}/{version}/"
