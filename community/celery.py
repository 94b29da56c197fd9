"""The Celery app. Its configuration is the CELERY_* settings; tasks are found in each app's tasks.py.

Every task runs on `HandedOff`, so any of them can be handed off durably (community/handoffs.py).
"""

import os

from celery import Celery

from community import logs, metrics

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")

app = Celery("community", task_cls="community.handoffs:HandedOff")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
logs.connect_celery()
metrics.connect_celery()
