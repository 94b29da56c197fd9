"""Events waiting for points and badges become hand-offs (community/handoffs.py), the one mechanism for
every task; then the old table goes.

An open PendingEvent becomes a pending hand-off of superusers.tasks.apply_event, sent long ago, so the
first sweep after the upgrade sends it. A message still queued for the old task (it took `event_id`)
fails on the new one's arguments and changes nothing: its hand-off is what runs.
"""

from django.db import migrations

TASK = "superusers.tasks.apply_event"


def to_handoffs(apps, schema_editor):
    PendingEvent = apps.get_model("superusers", "PendingEvent")
    Handoff = apps.get_model("community", "Handoff")
    open_events = PendingEvent.objects.filter(done_at__isnull=True).iterator()
    Handoff.objects.bulk_create(
        [
            Handoff(
                key=f"{TASK}:{pending.event_id}",
                task=TASK,
                kwargs={"event_type": pending.event_type, "event": pending.payload},
                created_at=pending.created_at,
                sent_at=pending.created_at,
            )
            for pending in open_events
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("superusers", "0002_defaults"),
        ("community", "0004_handoffs"),
    ]

    operations = [
        migrations.RunPython(to_handoffs, migrations.RunPython.noop),
        migrations.DeleteModel(name="PendingEvent"),
    ]
