from django.urls import path

from .views import tickets

app_name = "helpdesk"

urlpatterns = []

urlpatterns += [
    path("questions/<int:pk>/tickets/", tickets.question_tickets, name="question-tickets"),
    path("links/<int:pk>/remove/", tickets.ticket_unlink, name="ticket-unlink"),
    path("tickets/<slug:system>/<path:number>/", tickets.ticket_detail, name="ticket-detail"),
    path("inbound/<slug:system>/status", tickets.inbound_status, name="inbound-status"),
    path("publish/", tickets.publish, name="publish"),
]
