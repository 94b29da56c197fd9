"""What the forum journeys share: a category, a second signed-in browser, a question made through the services."""

from django.test import Client

from forum import services
from forum.models import Category

from .conftest import log_in


def make_category() -> Category:
    return Category.objects.create(
        slug="app", name="App and devices", name_en="App and devices", name_de="App und Geräte"
    )


def browser_for(new_context, live_server, user):
    """A page in a browser context of its own, signed in as `user`.

    Each person gets a fresh test client: logging a second user in on the same client would flush
    (delete) the first person's session and sign the first browser out.
    """
    page = new_context().new_page()
    log_in(page, live_server, Client(), user)
    return page


def ask(
    *, by, category, title="The speaker does not pair over Bluetooth", body=None, tags=("bluetooth",), language="en"
):
    """A question made through the service, for journeys that start on an existing thread."""
    body = body or "I hold the button, the light blinks blue, and my phone never finds the speaker."
    return services.ask_question(by=by, title=title, body=body, category=category, tags=list(tags), language=language)
