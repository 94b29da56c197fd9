from django.urls import path

from .views import escalation as escalation_views
from .views import webhooks as webhook_views

app_name = "helpdesk"

urlpatterns = []
urlpatterns += [
    path("threads/<int:pk>/escalate/", escalation_views.thread_escalate, name="thread-escalate"),
    path("webhooks/", webhook_views.webhook_log, name="webhook-log"),
    path("webhooks/<int:pk>/send-again/", webhook_views.webhook_send_again, name="webhook-send-again"),
]
