from django.urls import path

from .views import offers, queue, still_broken

app_name = "helpdesk"

urlpatterns = []

# Routing and the agent queue
urlpatterns += [
    path("queue/", queue.agent_queue, name="queue"),
    path("queue/<int:pk>/done/", queue.queue_item_done, name="queue-item-done"),
    path("threads/<int:pk>/still-broken/", still_broken.still_broken, name="still-broken"),
    path("offered/", offers.offered_questions, name="offers"),
]
