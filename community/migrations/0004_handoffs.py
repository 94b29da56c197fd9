import django.utils.timezone
from django.db import migrations, models

import community.models


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0003_privacy_page_in_du_form"),
    ]

    operations = [
        migrations.CreateModel(
            name="Handoff",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=200, unique=True)),
                ("task", models.CharField(max_length=200)),
                ("kwargs", models.JSONField(encoder=community.models.ExactJSONEncoder)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("sent_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("started_at", models.DateTimeField(blank=True, null=True)),
                ("done_at", models.DateTimeField(blank=True, null=True)),
                ("attempts", models.PositiveSmallIntegerField(default=1)),
            ],
            options={
                "verbose_name": "hand-off to the worker",
                "verbose_name_plural": "hand-offs to the worker",
                "indexes": [
                    models.Index(
                        condition=models.Q(("done_at__isnull", True)),
                        fields=["sent_at"],
                        name="community_handoff_open",
                    ),
                    models.Index(
                        condition=models.Q(("done_at__isnull", False)),
                        fields=["done_at"],
                        name="community_handoff_done",
                    ),
                ],
            },
        ),
    ]
