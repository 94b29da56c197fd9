import smtplib

from celery import shared_task
from django.db import OperationalError

from .privacy import exports


@shared_task(
    acks_late=True,
    autoretry_for=(smtplib.SMTPException, OSError, OperationalError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def build_data_export(*, export_id: int) -> None:
    """Build a member's data export and mail them its link; a repeat finds it built (and mailed) and does nothing."""
    exports.build_export(export_id=export_id)


@shared_task
def forget_expired_exports() -> int:
    """Delete export files whose links expired (beat, hourly), so no copy of anyone's data lies around."""
    return exports.forget_expired()
