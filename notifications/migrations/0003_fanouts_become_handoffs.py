"""Fan-outs waiting for the worker become hand-offs (community/handoffs.py), the one mechanism for every
task; then the old table goes.

An open FanOut becomes a pending hand-off of notifications.tasks.run_fanout, sent long ago, so the first
sweep after the upgrade sends it; deliveries are keyed, so one that ran halfway tells nobody twice. A
message still queued for the old task (it took `event_id`) fails on the new one's arguments and changes
nothing: its hand-off is what runs.
"""

from django.db import migrations

TASK = "notifications.tasks.run_fanout"


def to_handoffs(apps, schema_editor):
    FanOut = apps.get_model("notifications", "FanOut")
    Handoff = apps.get_model("community", "Handoff")
    open_fanouts = FanOut.objects.filter(done_at__isnull=True).iterator()
    Handoff.objects.bulk_create(
        [
            Handoff(
                key=f"{TASK}:{fanout.event_id}",
                task=TASK,
                kwargs={"event_type": fanout.event_type, "event": fanout.payload},
                created_at=fanout.created_at,
                sent_at=fanout.created_at,
                started_at=fanout.started_at,
            )
            for fanout in open_fanouts
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_daily_lines"),
        ("community", "0004_handoffs"),
    ]

    operations = [
        migrations.RunPython(to_handoffs, migrations.RunPython.noop),
        migrations.DeleteModel(name="FanOut"),
    ]
