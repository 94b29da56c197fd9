from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Questions and answers")

    def ready(self) -> None:
        from community import demo

        from . import demo as forum_demo
        from . import (
            handlers,
            permissions,  # noqa: F401  (registers the rules)
        )

        demo.register(forum_demo.seed)
        handlers.connect()
