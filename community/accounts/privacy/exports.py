"""A copy of all of a member's data: asked for in the settings, built by a task, mailed as a link that works once.

The task (through a hand-off, so a lost message loses nothing) writes a zip with one JSON file per kind of
data that an app registered (community/privacy.py) into the private storage, under a name nobody can
guess, and mails a signed link. The link leads to a page whose button downloads the file: a mail
scanner that opens links cannot use it up, and no GET writes. The first download deletes the file; a
second use, another signed-in person or an expired link is refused with the reason, and nothing is served.
"""

import io
import json
import secrets
import zipfile
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from community import audit, mail, privacy
from community.handoffs import handoff
from community.models import ExactJSONEncoder

from ..models import DataExport, User

SALT = "accounts.data-export"
FOLDER = "exports"


def storage():
    """Where the zips lie: the private storage, which no URL serves."""
    return storages["private"]


def link_hours() -> int:
    return settings.DATA_EXPORT_LINK_HOURS


def current_export(user: User) -> DataExport | None:
    """The person's export that is being prepared or waits to be downloaded, if any (one query)."""
    return DataExport.objects.filter(
        user=user, status__in=[DataExport.Status.PREPARING, DataExport.Status.READY]
    ).first()


@transaction.atomic
def request_export(*, by: User) -> DataExport:
    """Ask for a copy of one's data. While one is being prepared, asking again changes nothing; a new request
    replaces a copy that waits to be downloaded (its link stops working)."""
    if not by.has_perm("accounts.export_data"):
        raise PermissionDenied(_("Sign in to ask for a copy of your data."))
    User.objects.select_for_update().filter(pk=by.pk).first()  # two clicks at once make one export
    preparing = DataExport.objects.filter(user=by, status=DataExport.Status.PREPARING).first()
    if preparing is not None:
        return preparing
    for waiting in DataExport.objects.filter(user=by, status=DataExport.Status.READY):
        forget(waiting)
    export = DataExport.objects.create(user=by)
    from ..tasks import build_data_export  # the task module imports this one

    handoff(build_data_export, key=f"data_export:{export.pk}", export_id=export.pk)
    audit.record(actor=by, action="privacy.export_requested", subject=by, export=export.pk)
    return export


def build_export(*, export_id: int) -> DataExport | None:
    """Write the zip and mail its link; safe to run again (a sweep may send the hand-off twice)."""
    export = _write_zip(export_id)
    if export is not None and export.status == DataExport.Status.READY and export.expires_at is None:
        _send_link(export)
    return export


@transaction.atomic
def _write_zip(export_id: int) -> DataExport | None:
    # Locked: a second run waits, then finds the export ready and writes no second file.
    export = DataExport.objects.select_for_update().select_related("user").filter(pk=export_id).first()
    if export is None or export.status != DataExport.Status.PREPARING:
        return export
    with translation.override(export.user.language):
        content = zip_for(export.user)
    name = storage().save(f"{FOLDER}/{secrets.token_urlsafe(32)}.zip", ContentFile(content))
    export.status, export.file_name, export.size, export.ready_at = (
        DataExport.Status.READY,
        name,
        len(content),
        timezone.now(),
    )
    export.save(update_fields=["status", "file_name", "size", "ready_at"])
    return export


def zip_for(user: User) -> bytes:
    """The zip itself: `<kind>.json` for each kind of data (a list of objects, times in ISO 8601) and a README."""
    buffer = io.BytesIO()
    kinds = privacy.exporters()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, exporter in kinds.items():
            rows = exporter(user)
            archive.writestr(f"{name}.json", json.dumps(rows, cls=ExactJSONEncoder, indent=2, ensure_ascii=False))
        readme = render_to_string(
            "accounts/email/data_export_readme.txt",
            {"files": [f"{name}.json" for name in kinds], "site_name": settings.SITE_NAME, "now": timezone.now()},
        )
        archive.writestr("README.txt", readme)
    return buffer.getvalue()


def token_for(export: DataExport) -> str:
    return signing.dumps({"export": export.pk}, salt=SALT)


def _send_link(export: DataExport) -> None:
    """Mail the link (in the person's language); it works from now on for DATA_EXPORT_LINK_HOURS."""
    user = export.user
    expires_at = timezone.now() + timedelta(hours=link_hours())
    url = settings.SITE_URL + reverse("accounts:privacy-export-download", args=[token_for(export)])
    if user.email:
        with translation.override(user.language), timezone.override(user.time_zone):
            context = {
                "person": user,
                "url": url,
                "hours": link_hours(),
                "expires": date_format(timezone.localtime(expires_at), "DATETIME_FORMAT"),
                "site_name": settings.SITE_NAME,
            }
            message = EmailMessage(
                subject=mail.subject(_("Your data is ready to download")),
                body=render_to_string("accounts/email/data_export_ready.txt", context),
                to=[user.email],
                headers={"X-Peerdesk-Delivery": f"data-export-{export.pk}", "Auto-Submitted": "auto-generated"},
            )
            message.send()
    DataExport.objects.filter(pk=export.pk).update(expires_at=expires_at)
    export.expires_at = expires_at


@dataclass
class LinkRefused(Exception):
    """Why a download link does not work now; the page says so with this status."""

    status: int
    message: str


def export_for_link(*, token: str, by: User) -> DataExport:
    """The export a link names, when this person may download it now; else LinkRefused with the reason."""
    ask_again = _("You can ask for a new copy in your privacy settings.")
    try:
        export_id = signing.loads(token, salt=SALT, max_age=timedelta(hours=link_hours()))["export"]
        export = DataExport.objects.filter(pk=int(export_id)).first()
    except signing.SignatureExpired:
        raise LinkRefused(
            410, _("This link has expired: it worked for %(hours)d hours.") % {"hours": link_hours()} + " " + ask_again
        ) from None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise LinkRefused(
            404, _("This link is not complete or was changed. Copy the whole link from the email.")
        ) from None
    if export is None:
        raise LinkRefused(410, _("This copy of your data no longer exists.") + " " + ask_again)
    if export.user_id != by.pk:
        raise LinkRefused(
            403, _("This link belongs to another member's data. Only the member who asked for it can download it.")
        )
    if export.downloaded_at is not None:
        when = date_format(timezone.localtime(export.downloaded_at), "DATETIME_FORMAT")
        raise LinkRefused(
            410, _("This link was used already, on %(when)s. Each link works once.") % {"when": when} + " " + ask_again
        )
    if export.status != DataExport.Status.READY or (export.expires_at and export.expires_at <= timezone.now()):
        raise LinkRefused(410, _("This copy of your data has expired.") + " " + ask_again)
    return export


def download_export(*, token: str, by: User):
    """Use the link: mark it used and hand over the zip, opened before its file is deleted (once only)."""
    with transaction.atomic():
        export = export_for_link(token=token, by=by)
        claimed = DataExport.objects.filter(
            pk=export.pk, status=DataExport.Status.READY, downloaded_at__isnull=True
        ).update(status=DataExport.Status.DOWNLOADED, downloaded_at=timezone.now())
        if not claimed:  # the same link used twice at once: the other request has it
            raise LinkRefused(410, _("This link was used already. Each link works once."))
        try:
            handle = storage().open(export.file_name, "rb")
        except FileNotFoundError:
            raise LinkRefused(410, _("This copy of your data no longer exists.")) from None
        audit.record(actor=by, action="privacy.export_downloaded", subject=by, export=export.pk)
        # The open handle still reads a deleted file (POSIX): the file is gone as soon as the download starts.
        transaction.on_commit(lambda: storage().delete(export.file_name))
    return handle


def forget(export: DataExport) -> None:
    """The export's file goes (once the transaction commits) and its link stops working."""
    DataExport.objects.filter(pk=export.pk).update(status=DataExport.Status.EXPIRED)
    if export.file_name:
        name = export.file_name
        transaction.on_commit(lambda: storage().delete(name))


def forget_expired() -> int:
    """Delete the files whose links expired, and those of exports never finished within a day."""
    now = timezone.now()
    stale = DataExport.objects.filter(status=DataExport.Status.READY, expires_at__lte=now) | DataExport.objects.filter(
        status=DataExport.Status.PREPARING, requested_at__lte=now - timedelta(days=1)
    )
    count = 0
    for export in stale:
        with transaction.atomic():
            forget(export)
        count += 1
    return count
