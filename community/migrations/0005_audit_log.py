"""The audit log, taken over from moderation with its rows: first as moderation's table, then renamed."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0004_handoffs"),
        ("moderation", "0002_audit_log_moves_to_the_foundation"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEntry",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("action", models.CharField(max_length=40, verbose_name="action")),
                        ("note", models.TextField(blank=True, verbose_name="note")),
                        ("data", models.JSONField(blank=True, default=dict)),
                        (
                            "created_at",
                            models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="when"),
                        ),
                        (
                            "actor",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "subject",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="audit_entries",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "audit entry",
                        "verbose_name_plural": "audit log",
                        "ordering": ["-created_at"],
                        "db_table": "moderation_auditentry",
                    },
                ),
            ]
        ),
        migrations.AlterModelTable(name="auditentry", table=None),
    ]
