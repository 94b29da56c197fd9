"""The audit log moves to the foundation (community.AuditEntry): every app writes its staff actions there.

Only Django's idea of where the model lives changes here; the table stays, and community's migration
takes it over and renames it.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="AuditEntry")]),
    ]
