from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "ideas"
    verbose_name = _("Ideas")

    def ready(self) -> None:
        from community import demo

        from . import demo as ideas_demo
        from . import (
            panels,
            permissions,  # noqa: F401  (registers the rules)
            privacy,
            visibility_kinds,
        )

        demo.register(ideas_demo.seed)
        panels.connect()
        privacy.connect()
        visibility_kinds.connect()
