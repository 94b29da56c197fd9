from django.urls import path

app_name = "helpdesk"

urlpatterns = []

# Posting for a customer who phoned or wrote in.
from .views import on_behalf  # noqa: E402

urlpatterns += [
    path("on-behalf/ask/", on_behalf.on_behalf_ask, name="on-behalf-ask"),
    path("on-behalf/answer/<int:pk>/", on_behalf.on_behalf_answer, name="on-behalf-answer"),
]
